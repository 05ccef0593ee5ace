// Tenant resolution from namespace labels: Capsule, Stakater, HNC's tree labels, a configured key.
import assert from 'node:assert/strict';
import {
  defaultConfig,
  hncRoot,
  scanFiles,
  tenantResolver,
  parseManifests,
} from '../../src/index.js';

const namespace = (name: string, labels: Record<string, string>) =>
  `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: ${JSON.stringify(labels)}\n`;

describe('tenantResolver', () => {
  const cases: Array<{
    title: string;
    labels: Record<string, string>;
    tenantLabels?: string[];
    tenant: string;
  }> = [
    { title: 'Capsule', labels: { 'capsule.clastix.io/tenant': 'oil' }, tenant: 'oil' },
    { title: 'Stakater', labels: { 'stakater.com/tenant': 'gas' }, tenant: 'gas' },
    {
      title: 'HNC: the root ancestor, highest depth',
      labels: {
        'team-a-dev.tree.hnc.x-k8s.io/depth': '0',
        'acme.tree.hnc.x-k8s.io/depth': '2',
        'team-a.tree.hnc.x-k8s.io/depth': '1',
      },
      tenant: 'acme',
    },
    {
      title: 'HNC root namespace is its own tenant',
      labels: { 'ns.tree.hnc.x-k8s.io/depth': '0' },
      tenant: 'ns',
    },
    {
      title: 'Capsule wins over HNC (first key in the list)',
      labels: { 'capsule.clastix.io/tenant': 'oil', 'acme.tree.hnc.x-k8s.io/depth': '1' },
      tenant: 'oil',
    },
    { title: 'no tenant label: the namespace itself', labels: { team: 'x' }, tenant: 'ns' },
    {
      title: 'a configured key replaces the defaults',
      labels: { 'example.com/owner': 'blue', 'capsule.clastix.io/tenant': 'oil' },
      tenantLabels: ['example.com/owner'],
      tenant: 'blue',
    },
    {
      title: 'a configured key that is absent: the namespace itself',
      labels: { 'capsule.clastix.io/tenant': 'oil' },
      tenantLabels: ['example.com/owner'],
      tenant: 'ns',
    },
  ];
  for (const c of cases) {
    it(c.title, () => {
      const config = defaultConfig();
      if (c.tenantLabels) config.tenantLabels = c.tenantLabels;
      const { objects } = parseManifests(namespace('ns', c.labels), 'ns.yaml');
      assert.equal(tenantResolver(objects, config)('ns'), c.tenant);
    });
  }

  it('ignores HNC labels with a depth that is not a number', () => {
    assert.equal(
      hncRoot({ 'a.tree.hnc.x-k8s.io/depth': 'x', 'b.tree.hnc.x-k8s.io/depth': '1' }),
      'b',
    );
    assert.equal(hncRoot({ 'a.tree.hnc.x-k8s.io/depth': '-1' }), undefined);
  });

  it('puts the tenant on findings of workloads and on namespace findings', () => {
    const text = [
      namespace('team-a-dev', {
        'team-a-dev.tree.hnc.x-k8s.io/depth': '0',
        'team-a.tree.hnc.x-k8s.io/depth': '1',
      }),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: team-a-dev}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: x}]\n',
    ].join('---\n');
    const { findings } = scanFiles([{ file: 'a.yaml', text }]);
    assert.deepEqual(
      findings.map((f) => [f.rule, f.object.name, f.tenant]),
      [
        ['service-exposure-unrestricted', '-', undefined],
        ['namespace-without-pod-security', 'team-a-dev', 'team-a'],
        ['host-network', 'p', 'team-a'],
      ],
    );
  });
});
