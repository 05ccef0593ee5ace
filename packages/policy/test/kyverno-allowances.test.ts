// The Kyverno ClusterPolicy with tenant allowances: range deny conditions (JMESPath run by jmespath.js) on allowed and refused fixtures.
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { ClusterPolicy } from '@kubernetes-models/kyverno/kyverno.io/v1/ClusterPolicy';
import { loadConfig, type KubeObject } from '@portguard/core';
import { generatePolicy, PolicyOptionsError, resolvePolicyOptions } from '../src/index.js';
import { failedRules } from './helpers/kyverno-pattern.js';
import {
  GATEKEEPER_RANGE_CONFIG,
  gatekeeperRangeCases,
  KYVERNO_RANGE_CONFIG,
  kyvernoRangeCases,
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

function kyvernoFor(configText: string): KubeObject {
  const config = loadConfig(configText, '.portguard.yaml');
  const options = resolvePolicyOptions({ allow: config.allow, tenantLabels: config.tenantLabels });
  const docs = parseAllDocuments(generatePolicy('kyverno', options)).map(
    (d) => d.toJS() as KubeObject,
  );
  assert.equal(docs.length, 1);
  return docs[0];
}

const TENANT_LABEL = 'capsule.clastix.io/tenant';
const LABELS: Record<string, Record<string, string>> = {
  'shop-web': { [TENANT_LABEL]: 'shop' },
  shop: {},
  'team-a': {},
  blog: { [TENANT_LABEL]: 'blog' },
};

const pod = (ns: string, ports: object[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: ns },
  spec: { containers: [{ name: 'app', image: 'app', ports }] },
});
const deployment = (ns: string, ports: object[]): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: ns },
  spec: { template: { spec: { containers: [{ name: 'app', image: 'app', ports }] } } },
});
const service = (ns: string, ports: object[], type = 'NodePort'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 's', namespace: ns },
  spec: { type, ports },
});

const FIXTURES: Array<[string, KubeObject, 'admitted' | 'refused']> = [
  ['hostPort 9050 in tenant shop', pod('shop-web', [{ hostPort: 9050 }]), 'admitted'],
  [
    'hostPort 8080 in namespace shop (its own tenant)',
    pod('shop', [{ hostPort: 8080 }]),
    'admitted',
  ],
  ['hostPort 9200 in tenant shop', pod('shop-web', [{ hostPort: 9200 }]), 'refused'],
  [
    'hostPort 9050/UDP in tenant shop',
    pod('shop-web', [{ hostPort: 9050, protocol: 'UDP' }]),
    'refused',
  ],
  ['hostPort 8080 in tenant blog', pod('blog', [{ hostPort: 8080 }]), 'refused'],
  ['hostPort 53/UDP in team-a', pod('team-a', [{ hostPort: 53, protocol: 'UDP' }]), 'admitted'],
  ['hostPort 53/TCP in team-a', pod('team-a', [{ hostPort: 53 }]), 'refused'],
  [
    'a Deployment with hostPort 9050 in tenant shop (auto-gen)',
    deployment('shop-web', [{ hostPort: 9050 }]),
    'admitted',
  ],
  [
    'a Deployment with hostPort 9200 in tenant shop (auto-gen)',
    deployment('shop-web', [{ hostPort: 9200 }]),
    'refused',
  ],
  [
    'NodePort 30080 and 30053/UDP in tenant shop',
    service('shop-web', [
      { port: 80, nodePort: 30080 },
      { port: 53, protocol: 'UDP', nodePort: 30053 },
    ]),
    'admitted',
  ],
  [
    'NodePort 31000 in tenant shop',
    service('shop-web', [{ port: 80, nodePort: 31000 }]),
    'refused',
  ],
  ['NodePort without nodePort in tenant shop', service('shop-web', [{ port: 80 }]), 'refused'],
  ['NodePort 30080 in tenant blog', service('blog', [{ port: 80, nodePort: 30080 }]), 'refused'],
  [
    'ClusterIP Service in tenant shop',
    service('shop-web', [{ port: 80 }], 'ClusterIP'),
    'admitted',
  ],
];

describe('Kyverno ClusterPolicy with tenant allowances', () => {
  const policy = kyvernoFor(CONFIG);

  it('validates against the ClusterPolicy CRD schema', () => {
    new ClusterPolicy(policy as any).validate();
  });

  it('has one rule per allowance and kind, with ranges in AnyNotIn as disallow-host-ports-range writes them', () => {
    assert.deepEqual(
      policy.spec.rules.map((r: KubeObject) => r.name),
      [
        'host-port',
        'host-network',
        'nodeport-service',
        'external-ips',
        'host-port-allowance-0',
        'nodeport-service-allowance-0',
        'host-port-allowance-1',
      ],
    );
    const tcp = policy.spec.rules[4].validate.deny.conditions.any[0];
    assert.equal(tcp.operator, 'AnyNotIn');
    assert.deepEqual(tcp.value, ['8080', '9000-9100']);
  });

  for (const [title, object, expected] of FIXTURES) {
    it(`${title}: ${expected}`, () => {
      const failed = failedRules(policy, object, LABELS[object.metadata.namespace]);
      assert.equal(failed.length === 0, expected === 'admitted', failed.join(', '));
    });
  }

  it('refuses a tenant pattern that no label selector can express, in one line', () => {
    const config = loadConfig(
      'allow:\n  - tenant: "shop-*"\n    hostPorts: ["8080"]\n    reason: r\n',
      '.portguard.yaml',
    );
    const options = resolvePolicyOptions({
      allow: config.allow,
      tenantLabels: config.tenantLabels,
    });
    assert.throws(
      () => generatePolicy('kyverno', options),
      (e: unknown) => {
        assert.ok(e instanceof PolicyOptionsError);
        assert.equal(
          e.message,
          'kyverno: tenant pattern "shop-*" cannot be written as a namespace label selector; name the tenant, or use namespace: "shop-*"',
        );
        return true;
      },
    );
  });
});

describe("Kyverno ClusterPolicy with allowances on the peers' range fixtures", () => {
  describe('disallow-host-ports-range, as hostPorts ["5000-6000"] for every namespace', () => {
    const policy = kyvernoFor(KYVERNO_RANGE_CONFIG);
    for (const { title, object, allowed } of kyvernoRangeCases()) {
      it(title, () => assert.equal(failedRules(policy, object).length === 0, allowed));
    }
  });

  describe('Gatekeeper host-network-ports with hostNetwork: false, min 80, max 9000', () => {
    const policy = kyvernoFor(GATEKEEPER_RANGE_CONFIG);
    for (const { title, object, allowed } of gatekeeperRangeCases()) {
      it(title, () => assert.equal(failedRules(policy, object).length === 0, allowed));
    }
  });
});
