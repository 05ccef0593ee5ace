// `kubectl portguard scan -A` through the real kubectl on a 10,000-pod cluster: right counts, nothing lost.
import assert from 'node:assert/strict';
import { startApiServer, syntheticCluster, type ApiServer } from '@portguard/apiserver';
import { EXPOSURE_RULES, kubectl, writeTemp } from './kubectl-live-helpers.js';

describe('kubectl portguard scan on a 10,000-pod cluster', function () {
  this.timeout(120_000);
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ state: syntheticCluster(), https: true });
  });
  after(() => server.close());

  it('folds 10,000 pods into their controllers and reports each exposure once', async () => {
    const run = await kubectl(
      ['portguard', 'scan', '-A', '-o', 'json'],
      writeTemp('scale.yaml', server.kubeconfig()),
    );
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    // 100 namespaces + 10 nodes + per namespace 2 Deployments, 50 bare pods, Service web; 20 NodePort Services.
    assert.equal(report.summary.objects, 100 + 10 + 100 * 53 + 20);
    const exposures = report.findings.filter((f: any) => EXPOSURE_RULES.has(f.rule));
    const byRule = (rule: string) => exposures.filter((f: any) => f.rule === rule);
    const hostPort = byRule('host-port');
    assert.equal(hostPort.length, 100);
    assert.ok(
      hostPort.every(
        (f: any) => f.object.kind === 'Deployment' && f.object.name === 'edge' && f.podCount === 10,
      ),
    );
    assert.deepEqual(
      byRule('host-network').map((f: any) => `${f.object.namespace}/${f.object.name}`),
      ['ns-000/debug', 'ns-025/debug', 'ns-050/debug', 'ns-075/debug'],
    );
    assert.equal(byRule('nodeport-service').length, 20);
    // The edge Deployments on 8080 (i % 10 == 0) collide, and so do the hostNetwork debug pods
    // (their containerPort 7000 is a node port too) of four different tenants.
    assert.deepEqual(
      [
        ...new Set(
          byRule('host-port-conflict').map(
            (f: any) => `${f.object.kind}/${f.object.namespace}/${f.object.name}`,
          ),
        ),
      ].sort(),
      [
        ...[0, 10, 20, 30, 40, 50, 60, 70, 80, 90].map(
          (i) => `Deployment/ns-${String(i).padStart(3, '0')}/edge`,
        ),
        ...['000', '025', '050', '075'].map((n) => `Pod/ns-${n}/debug`),
      ].sort(),
    );
    assert.deepEqual(
      exposures.filter(
        (f: any) =>
          !['host-port', 'host-network', 'nodeport-service', 'host-port-conflict'].includes(f.rule),
      ),
      [],
    );
    const podPages = server.requests.filter((r) => r.path === '/api/v1/pods' && !r.watch);
    assert.equal(podPages.length, 20, 'pods listed in 20 pages of 500');
  });
});
