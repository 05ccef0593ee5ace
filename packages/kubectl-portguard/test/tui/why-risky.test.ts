// "Why it is risky here": exposure, nodes, NetworkPolicies and tenant collisions from the cluster's own objects.
import assert from 'node:assert/strict';
import { findingKey } from '../../src/tui/model/finding-key.js';
import { indexCluster, refKey } from '../../src/tui/risk/cluster-index.js';
import { selectorMatches } from '../../src/tui/risk/label-selector.js';
import { whyRisky, type RiskFacts } from '../../src/tui/risk/why-risky.js';
import { clusterObjects, fixtureObjects } from './cluster-objects.js';
import { exposureView } from './contract-rules.js';

function factsFor(objects = fixtureObjects('multi-tenant.yaml')): Map<string, RiskFacts> {
  const view = exposureView(objects);
  const index = indexCluster(view.objects);
  const out = new Map<string, RiskFacts>();
  for (const finding of view.findings) {
    const sameObject = view.findings.filter((f) => refKey(f.object) === refKey(finding.object));
    out.set(
      `${finding.rule} ${finding.object.namespace}/${finding.object.name}`,
      whyRisky({ finding, index, tenantOf: view.tenantOf, sameObject }),
    );
    assert.ok(findingKey(finding));
  }
  return out;
}

describe('tui: why it is risky here', () => {
  const facts = factsFor();

  it('host-port: the node port, the nodes its nodeSelector allows, the policy it bypasses, the other tenant', () => {
    assert.deepEqual(facts.get('host-port team-a/web'), {
      exposure: 'opens TCP 8080 on each node it runs on, outside the pod network',
      nodes: 'any of 1 node: node-1',
      policies:
        'bypasses web-only-from-ingress in team-a: node-level ports are not subject to NetworkPolicy',
      collisions: [
        'tenant beta: Deployment team-b/api also asks for hostPort 8080/TCP (spec.template.spec.containers[0].ports[0].hostPort)',
      ],
    });
  });

  it('host-port-conflict names the other tenant from its own related location', () => {
    const f = facts.get('host-port-conflict team-b/api')!;
    assert.deepEqual(f.collisions, [
      'tenant acme: Deployment team-a/web also asks for hostPort 8080/TCP (spec.template.spec.containers[0].ports[0].hostPort)',
    ]);
    assert.equal(f.nodes, 'any of 2 nodes: node-1, node-2');
    assert.equal(
      f.policies,
      'namespace team-b has no NetworkPolicy: nothing restricts who reaches these pods, inside the cluster or out',
    );
  });

  it('nodeport-service: every node, SNAT, no collision', () => {
    assert.deepEqual(facts.get('nodeport-service team-b/api'), {
      exposure:
        'opens node port 30080 on every node; traffic is SNATed to the node IP (externalTrafficPolicy Cluster)',
      nodes: 'all 2 nodes: node-1, node-2',
      policies:
        'namespace team-b has no NetworkPolicy: nothing restricts who reaches these pods, inside the cluster or out',
      collisions: [],
    });
  });

  it('host-network and external-ips', () => {
    assert.equal(
      facts.get('host-network team-c/debug')!.exposure,
      "shares the node's network namespace: it listens on ports 2222 of the node and sees all node traffic",
    );
    assert.equal(
      facts.get('external-ips team-c/legacy')!.exposure,
      'every node routes traffic for 203.0.113.10 to this Service, whoever owns those addresses (CVE-2020-8554)',
    );
  });

  it('a policy that selects other pods is named as not covering these', () => {
    const objects = clusterObjects(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-only, namespace: t }
spec: { podSelector: { matchLabels: { app: db } } }
---
apiVersion: v1
kind: Pod
metadata: { name: p, namespace: t, labels: { app: web } }
spec:
  nodeName: node-9
  containers: [{ name: c, ports: [{ containerPort: 1, hostPort: 81 }] }]
`);
    const f = factsFor(objects).get('host-port t/p')!;
    assert.equal(
      f.policies,
      'no NetworkPolicy in t selects these pods (db-only select others): the port is open to all',
    );
    assert.equal(
      f.nodes,
      'nodes are not visible to this scan (no permission to list Nodes, or files only)',
    );
  });

  it('a pod pinned with nodeName runs on that node; taints without toleration rule nodes out', () => {
    const nodes = `
apiVersion: v1
kind: Node
metadata: { name: a }
spec: { taints: [{ key: dedicated, value: gpu, effect: NoSchedule }] }
---
apiVersion: v1
kind: Node
metadata: { name: b }
---
`;
    const pinned = factsFor(
      clusterObjects(`${nodes}apiVersion: v1
kind: Pod
metadata: { name: p, namespace: t }
spec: { nodeName: a, containers: [{ name: c, ports: [{ containerPort: 1, hostPort: 81 }] }] }`),
    ).get('host-port t/p')!;
    assert.equal(pinned.nodes, 'node a');
    const ds = factsFor(
      clusterObjects(`${nodes}apiVersion: apps/v1
kind: DaemonSet
metadata: { name: d, namespace: t }
spec:
  template:
    spec: { containers: [{ name: c, ports: [{ containerPort: 1, hostPort: 81 }] }] }`),
    ).get('host-port t/d')!;
    assert.equal(ds.nodes, 'every one of 1 node: b');
    const tolerating = factsFor(
      clusterObjects(`${nodes}apiVersion: apps/v1
kind: DaemonSet
metadata: { name: d, namespace: t }
spec:
  template:
    spec:
      tolerations: [{ operator: Exists }]
      containers: [{ name: c, ports: [{ containerPort: 1, hostPort: 81 }] }]`),
    ).get('host-port t/d')!;
    assert.equal(tolerating.nodes, 'every one of 2 nodes: a, b');
  });

  const selectors: Array<[string, unknown, Record<string, string>, boolean]> = [
    ['empty selector selects all', {}, { a: '1' }, true],
    ['matchLabels', { matchLabels: { a: '1' } }, { a: '1', b: '2' }, true],
    ['matchLabels mismatch', { matchLabels: { a: '2' } }, { a: '1' }, false],
    [
      'In',
      { matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '3'] }] },
      { a: '1' },
      true,
    ],
    [
      'NotIn',
      { matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] },
      { a: '1' },
      false,
    ],
    ['Exists', { matchExpressions: [{ key: 'a', operator: 'Exists' }] }, {}, false],
    ['DoesNotExist', { matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, {}, true],
    [
      'unknown operator selects nothing',
      { matchExpressions: [{ key: 'a', operator: 'Gt' }] },
      { a: '1' },
      false,
    ],
    ['missing selector selects nothing', undefined, { a: '1' }, false],
  ];
  for (const [name, selector, labels, want] of selectors) {
    it(`label selector: ${name}`, () => assert.equal(selectorMatches(selector, labels), want));
  }
});
