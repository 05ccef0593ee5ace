// The generated Gatekeeper ConstraintTemplate and Constraint: documented structure and a lexical check of the rego.
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '@portguard/core';
import { loadConfig } from '@portguard/core';
import { generatePolicy, resolvePolicyOptions, type Action } from '../src/index.js';
import { POD_TEMPLATE_PATHS } from '../src/targets.js';

function gatekeeper(exemptNamespaces: string[] = [], action: Action = 'deny'): KubeObject[] {
  const text = generatePolicy('gatekeeper', resolvePolicyOptions({ exemptNamespaces, action }));
  return parseAllDocuments(text).map((d) => d.toJS() as KubeObject);
}

/** Brackets balance outside string literals and every string closes: what a parser checks first. */
function lexicalProblems(rego: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  rego.split('\n').forEach((line, i) => {
    let inString = false;
    for (let j = 0; j < line.length; j++) {
      const c = line[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '#') break;
      else if (c === '"') inString = true;
      else if ('([{'.includes(c)) stack.push(c);
      else if (c in pairs && stack.pop() !== pairs[c])
        problems.push(`line ${i + 1}: unbalanced ${c}`);
    }
    if (inString) problems.push(`line ${i + 1}: unterminated string`);
  });
  if (stack.length) problems.push(`unclosed ${stack.join('')}`);
  return problems;
}

describe('Gatekeeper ConstraintTemplate and Constraint', () => {
  const [template, constraint] = gatekeeper(['ingress-nginx']);

  it('is a ConstraintTemplate (templates.gatekeeper.sh/v1) and a Constraint of its kind', () => {
    assert.equal(template.apiVersion, 'templates.gatekeeper.sh/v1');
    assert.equal(template.kind, 'ConstraintTemplate');
    const kind = template.spec.crd.spec.names.kind;
    assert.equal(kind, 'PortguardHostExposure');
    // Gatekeeper requires metadata.name to be the lower-cased kind.
    assert.equal(template.metadata.name, kind.toLowerCase());
    assert.equal(constraint.apiVersion, 'constraints.gatekeeper.sh/v1beta1');
    assert.equal(constraint.kind, kind);
    assert.equal(template.spec.targets.length, 1);
    assert.equal(template.spec.targets[0].target, 'admission.k8s.gatekeeper.sh');
  });

  it('excludes the exempt namespaces and matches pods, controllers and Services', () => {
    assert.deepEqual(constraint.spec.match.excludedNamespaces, ['kube-system', 'ingress-nginx']);
    assert.deepEqual(constraint.spec.match.kinds, [
      { apiGroups: [''], kinds: ['Pod', 'PodTemplate', 'ReplicationController', 'Service'] },
      { apiGroups: ['apps'], kinds: ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'] },
      { apiGroups: ['batch'], kinds: ['Job', 'CronJob'] },
      { apiGroups: ['argoproj.io'], kinds: ['Rollout'] },
      { apiGroups: ['apps.openshift.io'], kinds: ['DeploymentConfig'] },
      { apiGroups: ['apps.kruise.io'], kinds: ['CloneSet', 'StatefulSet', 'DaemonSet'] },
      { apiGroups: ['serving.knative.dev'], kinds: ['Service', 'Configuration'] },
    ]);
  });

  it("matches the cluster's pod-template CRDs too: the rego finds their pod spec by path", () => {
    const options = resolvePolicyOptions({});
    const text = generatePolicy('gatekeeper', {
      ...options,
      podTemplateKinds: [
        { group: 'example.com', version: 'v1', resource: 'workloads', kind: 'Workload' },
      ],
    });
    const [, c] = parseAllDocuments(text).map((d) => d.toJS() as KubeObject);
    assert.deepEqual(c.spec.match.kinds.at(-1), {
      apiGroups: ['example.com'],
      kinds: ['Workload'],
    });
  });

  const actions: Array<[Action, string]> = [
    ['deny', 'deny'],
    ['warn', 'warn'],
    ['audit', 'dryrun'],
  ];
  for (const [action, enforcementAction] of actions) {
    it(`--action ${action} → enforcementAction ${enforcementAction}`, () => {
      assert.equal(gatekeeper([], action)[1].spec.enforcementAction, enforcementAction);
    });
  }

  describe('rego', () => {
    const rego: string = template.spec.targets[0].rego;

    it('is lexically well formed', () => assert.deepEqual(lexicalProblems(rego), []));

    it('the lexical check finds a broken brace (the check is live)', () => {
      assert.deepEqual(lexicalProblems('p {\n  x := "a"\n'), ['unclosed {']);
      assert.deepEqual(lexicalProblems('x := "a\n'), ['line 1: unterminated string']);
    });

    it('declares the package named after the template, as Gatekeeper requires', () => {
      assert.equal(rego.split('\n')[0], `package ${template.metadata.name}`);
    });

    it('has one violation rule per portguard rule, each setting msg', () => {
      const heads = [
        ...rego.matchAll(/^violation\[\{"msg": msg, "details": \{"rule": "([a-z-]+)"\}\}\] \{$/gm),
      ];
      assert.deepEqual(
        heads.map((m) => m[1]),
        ['host-port', 'host-network', 'nodeport-service', 'external-ips'],
      );
      const bodies = rego.split(/^violation/m).slice(1);
      for (const body of bodies) assert.match(body, /^ {2}msg := /m);
    });

    it('selects the pod spec by the paths of POD_TEMPLATE_PATHS, in order, naming no kind', () => {
      const podSpec = rego.slice(rego.indexOf('pod_spec(obj)'), rego.indexOf('container_lists :='));
      assert.deepEqual(
        [...podSpec.matchAll(/^ {2}spec := obj\.(.+)$/gm)].map((m) => m[1]),
        ['spec', ...POD_TEMPLATE_PATHS.map((p) => p.join('.'))],
      );
      assert.doesNotMatch(podSpec, /\.kind\b/);
    });
  });
});

describe('Gatekeeper with tenant allowances', () => {
  const config = loadConfig(
    'allow:\n  - tenant: shop\n    hostPorts: ["8080", "9000-9100"]\n    nodePorts: ["30053/UDP"]\n    reason: edge proxy\n  - namespace: "team-*"\n    hostPorts: ["53/UDP"]\n    reason: DNS\n',
    '.portguard.yaml',
  );
  const options = resolvePolicyOptions({ allow: config.allow, tenantLabels: config.tenantLabels });
  const [template, constraint] = parseAllDocuments(generatePolicy('gatekeeper', options)).map(
    (d) => d.toJS() as KubeObject,
  );
  const rego: string = template.spec.targets[0].rego;

  it('puts the allowances in the constraint parameters, ranges as min/max like host-network-ports', () => {
    assert.deepEqual(constraint.spec.parameters, {
      tenantLabels: ['capsule.clastix.io/tenant', 'stakater.com/tenant'],
      allow: [
        {
          tenant: 'shop',
          hostPorts: [
            { min: 8080, max: 8080, protocol: 'TCP' },
            { min: 9000, max: 9100, protocol: 'TCP' },
          ],
          nodePorts: [{ min: 30053, max: 30053, protocol: 'UDP' }],
          reason: 'edge proxy',
        },
        {
          namespace: 'team-*',
          hostPorts: [{ min: 53, max: 53, protocol: 'UDP' }],
          nodePorts: [],
          reason: 'DNS',
        },
      ],
    });
  });

  it('declares the parameters schema in the template', () => {
    const schema = template.spec.crd.spec.validation.openAPIV3Schema;
    assert.deepEqual(Object.keys(schema.properties), ['tenantLabels', 'allow']);
    assert.deepEqual(Object.keys(schema.properties.allow.items.properties), [
      'tenant',
      'namespace',
      'hostPorts',
      'nodePorts',
      'reason',
    ]);
  });

  it('the rego is lexically well formed and checks hostPort and nodePort against the allowances', () => {
    assert.deepEqual(lexicalProblems(rego), []);
    assert.match(rego, /not allowed_port\("hostPorts", port\.hostPort, protocol\(port\)\)/);
    assert.match(rego, /not node_ports_allowed\(input\.review\.object\)/);
    assert.match(rego, /glob\.match\(a\.namespace, \["\/"\], input\.review\.namespace\)/);
  });

  it('without allowances the template and constraint are as before: no parameters, no allowance rules', () => {
    const [t, c] = gatekeeper();
    assert.equal(c.spec.parameters, undefined);
    assert.equal(t.spec.crd.spec.validation, undefined);
    assert.ok(!t.spec.targets[0].rego.includes('allowed_port'));
  });
});
