// The ValidatingAdmissionPolicy with tenant allowances: params CRD + object, paramKind, CEL run on allowed and refused fixtures.
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import {
  loadConfig,
  refOf,
  scanObjects,
  type KubeObject,
  type ManifestObject,
  type PortguardConfig,
} from '@portguard/core';
import { evaluate } from '@marcbachmann/cel-js';
import { run } from '@bufbuild/cel';
import { CustomResourceDefinition } from 'kubernetes-models/apiextensions.k8s.io/v1/CustomResourceDefinition';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { generatePolicy, resolvePolicyOptions, vapValidations } from '../src/index.js';
import { admit, decodeLikeApiServer } from './helpers/admission.js';
import {
  GATEKEEPER_RANGE_CONFIG,
  gatekeeperRangeCases,
  KYVERNO_RANGE_CONFIG,
  kyvernoRangeCases,
  type PeerCase,
} from './helpers/peer-ranges.js';

const CONFIG = `allow:
  - tenant: shop
    hostPorts: ["8080", "9000-9100"]
    nodePorts: ["30080", "30053/UDP"]
    reason: the shop's edge proxy
  - namespace: "team-*"
    hostPorts: ["53/UDP"]
    reason: node-local DNS
`;

/** What `kubectl portguard policy --engine vap` prints for a config, parsed back. */
function vapFor(configText: string): KubeObject[] {
  const config = loadConfig(configText, '.portguard.yaml');
  const options = resolvePolicyOptions({ allow: config.allow, tenantLabels: config.tenantLabels });
  return parseAllDocuments(generatePolicy('vap', options)).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS() as KubeObject;
  });
}

const TENANT_LABEL = 'capsule.clastix.io/tenant';

/** The namespaces of the fixtures: shop-web of tenant shop, team-a, and blog. */
const NAMESPACE_LABELS: Record<string, Record<string, string>> = {
  'shop-web': { [TENANT_LABEL]: 'shop' },
  'team-a': {},
  blog: { [TENANT_LABEL]: 'blog' },
  default: {},
};

function pod(ns: string, ports: object[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `p`, namespace: ns },
    spec: { containers: [{ name: 'app', image: 'app', ports }] },
  };
}

function nodePortService(ns: string, ports: object[]): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: ns },
    spec: { type: 'NodePort', ports },
  };
}

const FIXTURES: Array<[string, KubeObject, 'admitted' | 'refused']> = [
  [
    'hostPort 9050 in tenant shop',
    pod('shop-web', [{ containerPort: 80, hostPort: 9050 }]),
    'admitted',
  ],
  [
    'hostPort 8080 in tenant shop',
    pod('shop-web', [{ containerPort: 80, hostPort: 8080 }]),
    'admitted',
  ],
  [
    'hostPort 9200 in tenant shop',
    pod('shop-web', [{ containerPort: 80, hostPort: 9200 }]),
    'refused',
  ],
  [
    'hostPort 9050/UDP in tenant shop',
    pod('shop-web', [{ containerPort: 80, hostPort: 9050, protocol: 'UDP' }]),
    'refused',
  ],
  ['hostPort 8080 in tenant blog', pod('blog', [{ containerPort: 80, hostPort: 8080 }]), 'refused'],
  [
    'hostPort 53/UDP in namespace team-a',
    pod('team-a', [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }]),
    'admitted',
  ],
  [
    'hostPort 53/TCP in namespace team-a',
    pod('team-a', [{ containerPort: 53, hostPort: 53 }]),
    'refused',
  ],
  [
    'one allowed and one refused port',
    pod('shop-web', [
      { containerPort: 80, hostPort: 9050 },
      { containerPort: 81, hostPort: 9101 },
    ]),
    'refused',
  ],
  [
    'NodePort with allowed nodePorts in tenant shop',
    nodePortService('shop-web', [
      { port: 80, nodePort: 30080 },
      { port: 53, protocol: 'UDP', nodePort: 30053 },
    ]),
    'admitted',
  ],
  [
    'NodePort 31000 in tenant shop',
    nodePortService('shop-web', [{ port: 80, nodePort: 31000 }]),
    'refused',
  ],
  [
    'NodePort without a nodePort in tenant shop',
    nodePortService('shop-web', [{ port: 80 }]),
    'refused',
  ],
  [
    'NodePort 30080 in tenant blog',
    nodePortService('blog', [{ port: 80, nodePort: 30080 }]),
    'refused',
  ],
];

/** Core's verdict with the same config and the fixture's Namespace: refused when a finding is left. */
function coreRefuses(object: KubeObject, config: PortguardConfig, labels: Record<string, string>) {
  const ns = object.metadata?.namespace ?? 'default';
  const values = [object, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels } }];
  const objects: ManifestObject[] = values.map((value) => ({
    value,
    ref: refOf(value),
    origin: 'file',
  }));
  const rules = ['host-port', 'host-network', 'nodeport-service', 'external-ips'];
  return scanObjects(objects, { config }).findings.some((f) => rules.includes(f.rule));
}

describe('ValidatingAdmissionPolicy with tenant allowances', () => {
  const docs = vapFor(CONFIG);
  const [crd, params, policy, binding] = docs;

  it('prints the params CRD, its one PortAllowances object, the policy with paramKind and the binding with paramRef', () => {
    assert.deepEqual(
      docs.map((d) => `${d.apiVersion} ${d.kind} ${d.metadata.name}`),
      [
        'apiextensions.k8s.io/v1 CustomResourceDefinition portallowances.portguard.dev',
        'portguard.dev/v1alpha1 PortAllowances portguard-host-exposure',
        'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy portguard-host-exposure',
        'admissionregistration.k8s.io/v1 ValidatingAdmissionPolicyBinding portguard-host-exposure',
      ],
    );
    assert.equal(
      crd.spec.scope,
      'Cluster',
      'a tenant must not be able to write its own allowances',
    );
    assert.deepEqual(policy.spec.paramKind, {
      apiVersion: 'portguard.dev/v1alpha1',
      kind: 'PortAllowances',
    });
    assert.deepEqual(binding.spec.paramRef, {
      name: 'portguard-host-exposure',
      parameterNotFoundAction: 'Deny',
    });
    assert.deepEqual(params.spec.allow, [
      {
        tenant: 'shop',
        tenantRegex: '^shop$',
        hostPorts: [
          { min: 8080, max: 8080, protocol: 'TCP' },
          { min: 9000, max: 9100, protocol: 'TCP' },
        ],
        nodePorts: [
          { min: 30080, max: 30080, protocol: 'TCP' },
          { min: 30053, max: 30053, protocol: 'UDP' },
        ],
        reason: "the shop's edge proxy",
      },
      {
        namespace: 'team-*',
        namespaceRegex: '^team-.*$',
        hostPorts: [{ min: 53, max: 53, protocol: 'UDP' }],
        nodePorts: [],
        reason: 'node-local DNS',
      },
    ]);
  });

  it('a reason written over several lines stays one header comment line', () => {
    const text = generatePolicy(
      'vap',
      resolvePolicyOptions({
        allow: loadConfig(
          'allow:\n  - tenant: shop\n    hostPorts: ["8080"]\n    reason: |\n      edge proxy\n      reviewed 2026-11\n',
          '.portguard.yaml',
        ).allow,
      }),
    );
    assert.ok(text.includes('# Allows tenant shop: hostPort 8080 (edge proxy reviewed 2026-11)\n'));
    assert.deepEqual(
      parseAllDocuments(text).flatMap((d) => d.errors),
      [],
    );
  });

  it('validates against the Kubernetes OpenAPI schema (CRD, policy, binding)', () => {
    new CustomResourceDefinition(crd as any).validate();
    new ValidatingAdmissionPolicy(policy as any).validate();
    new ValidatingAdmissionPolicyBinding(binding as any).validate();
  });

  it('writes the pod-spec selector once, as a variable', () => {
    const selector = policy.spec.variables[0];
    assert.equal(selector.name, 'podSpecs');
    for (const v of policy.spec.validations) assert.ok(!v.expression.includes(selector.expression));
  });

  const config = loadConfig(CONFIG, '.portguard.yaml');
  describe('admission (the harness evaluates with @marcbachmann/cel-js) agrees with core', () => {
    for (const [title, object, expected] of FIXTURES) {
      it(`${title}: ${expected}`, () => {
        const labels = NAMESPACE_LABELS[object.metadata.namespace];
        const result = admit(policy, binding, object, labels, [params]);
        assert.deepEqual(result.errors, []);
        assert.equal(result.admitted, expected === 'admitted', result.failed.join(' | '));
        assert.equal(coreRefuses(object, config, labels), expected === 'refused');
      });
    }
  });

  it('without the params object the binding refuses (parameterNotFoundAction: Deny)', () => {
    const [, object] = FIXTURES[0];
    assert.equal(admit(policy, binding, object, NAMESPACE_LABELS['shop-web'], []).admitted, false);
  });

  const messages = new Map(vapValidations({ allow: config.allow }).map((v) => [v.message, v.rule]));
  const evaluators: Array<[string, (e: string, context: Record<string, unknown>) => unknown]> = [
    [
      '@marcbachmann/cel-js',
      (e, context) => {
        try {
          return evaluate(e, context);
        } catch (err) {
          return err;
        }
      },
    ],
    ['@bufbuild/cel', (e, context) => run(e, context as any)],
  ];
  for (const [name, evaluateWith] of evaluators) {
    describe(`evaluated with ${name}: variables in order, then validations`, () => {
      for (const [title, object, expected] of FIXTURES) {
        it(`${title}: ${expected}`, () => {
          const ns = object.metadata.namespace;
          const context: Record<string, unknown> = {
            object: decodeLikeApiServer(object),
            params,
            namespaceObject: { metadata: { name: ns, labels: NAMESPACE_LABELS[ns] } },
            variables: {},
          };
          const variables = context.variables as Record<string, unknown>;
          for (const v of policy.spec.variables) {
            const value = evaluateWith(v.expression, context);
            assert.ok(!(value instanceof Error), `${v.name}: ${String(value)}`);
            variables[v.name] = value;
          }
          const failed = policy.spec.validations
            .filter((v: KubeObject) => {
              const ok = evaluateWith(v.expression, context);
              assert.equal(typeof ok, 'boolean', `${v.message}: ${String(ok)}`);
              return ok === false;
            })
            .map((v: KubeObject) => messages.get(v.message));
          assert.equal(failed.length === 0, expected === 'admitted', failed.join(', '));
        });
      }
    });
  }
});

describe("ValidatingAdmissionPolicy with allowances on the peers' range fixtures", () => {
  const decides = (config: string, cases: PeerCase[]) => {
    const [, params, policy, binding] = vapFor(config);
    for (const { title, object, allowed } of cases) {
      it(title, () => {
        const result = admit(policy, binding, object, {}, [params]);
        assert.deepEqual(result.errors, []);
        assert.equal(result.admitted, allowed);
      });
    }
  };
  describe('Kyverno disallow-host-ports-range, as hostPorts ["5000-6000"] for every namespace', () =>
    decides(KYVERNO_RANGE_CONFIG, kyvernoRangeCases()));
  describe('Gatekeeper host-network-ports with hostNetwork: false, min 80, max 9000, as hostPorts ["80-9000"]', () =>
    decides(GATEKEEPER_RANGE_CONFIG, gatekeeperRangeCases()));
});
