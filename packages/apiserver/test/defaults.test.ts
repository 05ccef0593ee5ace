// What the server fills in on create, as kube-apiserver does: cluster IPs, node ports, ready containers.
import assert from 'node:assert/strict';
import { Store } from '../src/index.js';

const svc = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'a' },
  spec: { ports: [{ port: 80 }], ...spec },
});

describe('server-side defaults', () => {
  const cases: [string, Record<string, unknown>, { clusterIP?: string; nodePort?: number }][] = [
    ['a ClusterIP Service gets an IP and no node port', {}, { clusterIP: '10.96.0.3' }],
    [
      'a NodePort Service gets the first free node port',
      { type: 'NodePort' },
      { clusterIP: '10.96.0.3', nodePort: 30001 },
    ],
    [
      'a LoadBalancer gets one too',
      { type: 'LoadBalancer' },
      { clusterIP: '10.96.0.3', nodePort: 30001 },
    ],
    [
      'not with allocateLoadBalancerNodePorts: false',
      { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false },
      { clusterIP: '10.96.0.3' },
    ],
    ['a given clusterIP is kept', { clusterIP: 'None' }, { clusterIP: 'None' }],
  ];
  for (const [what, spec, expected] of cases) {
    it(what, () => {
      const store = new Store();
      // 30000 is taken by a Service loaded with the state.
      const taken = svc('taken', { type: 'NodePort', ports: [{ port: 1, nodePort: 30000 }] });
      store.reserve([taken]);
      store.create(taken);
      const got = store.create(svc('s', spec));
      assert.deepEqual(
        { clusterIP: got.spec.clusterIP, nodePort: got.spec.ports[0].nodePort },
        { nodePort: undefined, ...expected },
      );
    });
  }

  it('reports a Running pod’s containers ready', () => {
    const pod = new Store().create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'a' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
      status: { phase: 'Running' },
    });
    assert.deepEqual(
      pod.status.containerStatuses.map((c: any) => [c.name, c.ready]),
      [['c', true]],
    );
  });
});
