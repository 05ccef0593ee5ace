// The TUI's live source against the project's API server: cluster-wide findings named after the context, claims only from what was read.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { watchCluster } from '@portguard/kube';
import { clusterSource } from '../../src/tui/cluster-source.js';
import type { ClusterView } from '../../src/tui/findings-source.js';

const STATE = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Service
metadata: {name: edge, namespace: shop}
spec: {type: NodePort, ports: [{port: 80}]}
`;
const USERS = [
  { name: 'admin', token: 'tui-admin-token-1' },
  {
    name: 'no-policies',
    token: 'tui-no-policies-token-2',
    forbiddenResources: ['admissionregistration.k8s.io/validatingadmissionpolicies'],
  },
];
const dir = mkdtempSync(join(tmpdir(), 'portguard-tui-source-'));

describe('tui: the live cluster source', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ state: STATE, users: USERS });
  });
  after(() => server.close());

  /** The first view the source delivers for `user`. */
  async function firstView(user: string): Promise<ClusterView> {
    const kubeconfig = join(dir, `${user}.yaml`);
    writeFileSync(kubeconfig, server.kubeconfig(user));
    const source = clusterSource(
      { kubeconfig, allNamespaces: true, env: {} },
      { context: 'portguard-test', scope: 'all namespaces' },
      watchCluster,
      { clusterName: 'portguard-test' },
    );
    let stop = () => {};
    const view = await new Promise<ClusterView>((resolve) => {
      stop = source.start({ onView: resolve, onStatus: () => {} });
    });
    stop();
    return view;
  }
  const cluster = (v: ClusterView) =>
    v.findings.filter((f) => f.rule === 'service-exposure-unrestricted').map((f) => f.object);

  it('reports the cluster-wide finding on the Cluster named after the context', async () => {
    const view = await firstView('admin');
    assert.deepEqual(cluster(view), [
      { apiVersion: 'portguard.dev/v1', kind: 'Cluster', name: 'portguard-test' },
    ]);
  });

  it('makes no claim about admission control when a policy kind may not be listed', async () => {
    const view = await firstView('no-policies');
    assert.deepEqual(cluster(view), []);
    assert.ok(view.findings.some((f) => f.rule === 'nodeport-service'));
    assert.equal(view.summary.findings, view.findings.length);
  });
});
