// State files: multi-document YAML and Lists load; a broken document is an error naming file and line.
import assert from 'node:assert/strict';
import {
  parseState,
  startApiServer,
  demoState,
  StateError,
  syntheticCluster,
} from '../src/index.js';

describe('state files', () => {
  it('loads documents and List items', () => {
    const objects = parseState(
      [
        'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}',
        'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: p, namespace: a}}',
        '',
      ].join('\n---\n'),
    );
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${o.metadata.name}`),
      ['Namespace/a', 'Pod/p'],
    );
  });

  const bad: [string, string][] = [
    [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: [unclosed\n',
      'state.yaml:4: Flow sequence in block collection',
    ],
    [
      'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\n---\nkind: Pod\n',
      'state.yaml:5: a state object needs apiVersion, kind and metadata.name',
    ],
  ];
  for (const [text, prefix] of bad) {
    it(`rejects ${JSON.stringify(text.slice(-20))} with "${prefix}…"`, () => {
      assert.throws(
        () => parseState(text, 'state.yaml'),
        (e: unknown) => e instanceof StateError && e.message.startsWith(prefix),
      );
    });
  }

  it('registers CRDs with their declared plural and scope', async () => {
    const server = await startApiServer({
      state: [
        {
          apiVersion: 'apiextensions.k8s.io/v1',
          kind: 'CustomResourceDefinition',
          metadata: { name: 'clusterpolicies.kyverno.io' },
          spec: {
            group: 'kyverno.io',
            names: { kind: 'ClusterPolicy', plural: 'clusterpolicies' },
            scope: 'Cluster',
            versions: [{ name: 'v1', served: true }],
          },
        },
        { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'no-hostports' } },
      ],
    });
    try {
      const t = server.store.typeOf('kyverno.io', 'v1', 'clusterpolicies');
      assert.equal(t?.namespaced, false);
      assert.equal(server.store.count(t!), 1);
    } finally {
      await server.close();
    }
  });

  it('ships a demo cluster with tenants, a system ingress controller and exposures', () => {
    const kinds = demoState().map(
      (o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`,
    );
    assert.ok(kinds.includes('DaemonSet/kube-system/ingress-nginx-controller'));
    assert.ok(kinds.includes('Pod/payments/netdebug'));
    assert.equal(kinds.filter((k) => k.startsWith('Namespace/')).length, 5);
  });
});

describe('syntheticCluster', () => {
  it('generates 10,000 pods in 100 tenant namespaces by default', () => {
    const objects = syntheticCluster();
    const count = (kind: string) => objects.filter((o) => o.kind === kind).length;
    assert.deepEqual(
      ['Namespace', 'Node', 'Pod', 'Deployment', 'ReplicaSet', 'Service'].map(count),
      [100, 10, 10_000, 200, 200, 120],
    );
    assert.equal(objects.filter((o) => o.spec?.hostNetwork).length, 4);
  });
});
