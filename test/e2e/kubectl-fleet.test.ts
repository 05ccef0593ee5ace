// Several clusters in one scan through the real kubectl: two API servers as two contexts, one unreachable.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { parseState, startApiServer, type ApiServer } from '@portguard/apiserver';
import { kubectl, writeTemp } from './kubectl-live-helpers.js';

// East and west each hold one tenant on hostPort 8080: in one cluster they would conflict.
const EAST = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: v1
kind: Pod
metadata: { name: edge, namespace: shop }
spec:
  containers:
    - name: app
      image: nginx
      ports: [{ containerPort: 80, hostPort: 8080 }]
`;
const WEST = `
apiVersion: v1
kind: Namespace
metadata: { name: blog }
---
apiVersion: v1
kind: Pod
metadata: { name: proxy, namespace: blog }
spec:
  containers:
    - name: app
      image: nginx
      ports: [{ containerPort: 80, hostPort: 8080 }]
---
apiVersion: v1
kind: Service
metadata: { name: blog, namespace: blog }
spec:
  type: NodePort
  selector: { app: blog }
  ports: [{ port: 80, nodePort: 30080 }]
`;

/** A loopback port that nothing listens on: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('kubectl portguard scan of several clusters', function () {
  this.timeout(60000);
  let east: ApiServer;
  let west: ApiServer;
  let both: string;
  let withDown: string;
  let onlyDown: string;

  before(async () => {
    east = await startApiServer({ state: parseState(EAST), https: true });
    west = await startApiServer({ state: parseState(WEST), https: true });
    const e = writeTemp('east.yaml', east.kubeconfig(undefined, { name: 'east' }));
    const w = writeTemp('west.yaml', west.kubeconfig(undefined, { name: 'west' }));
    const port = await closedPort();
    const down = writeTemp(
      'down.yaml',
      east
        .kubeconfig(undefined, { name: 'down' })
        .replace(/server: https:\/\/127\.0\.0\.1:\d+/, `server: https://127.0.0.1:${port}`),
    );
    both = `${e}:${w}`;
    withDown = `${e}:${down}:${w}`;
    onlyDown = down;
  });
  after(async () => {
    await east?.close();
    await west?.close();
  });

  it('tags each finding with its cluster, counts each cluster, and finds no cross-cluster conflict', async () => {
    const run = await kubectl(
      ['portguard', 'scan', '-A', '--context', 'east', '--context', 'west', '-o', 'json'],
      both,
    );
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    const lines = report.findings.map(
      (f: any) => `${f.cluster} ${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name}`,
    );
    assert.deepEqual(lines.filter((l: string) => /host-port|nodeport/.test(l)).sort(), [
      'east host-port Pod/shop/edge',
      'west host-port Pod/blog/proxy',
      'west nodeport-service Service/blog/blog',
    ]);
    assert.ok(!lines.some((l: string) => l.includes('conflict')), lines.join('\n'));
    assert.deepEqual(Object.keys(report.summary.clusters), ['east', 'west']);
    const { east: e, west: w } = report.summary.clusters;
    assert.equal(report.summary.findings, e.findings + w.findings);
    assert.equal(report.summary.objects, e.objects + w.objects);
    assert.equal(report.summary.bySeverity.high, e.bySeverity.high + w.bySeverity.high);
    assert.deepEqual(report.errors, []);
  });

  it('--all-contexts: an unreachable cluster is an error naming it, the others are scanned', async () => {
    const run = await kubectl(
      ['portguard', 'scan', '-A', '--all-contexts', '-o', 'json'],
      withDown,
    );
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report.summary.clusters), ['east', 'west']);
    assert.equal(report.errors.length, 1);
    assert.equal(report.errors[0].cluster, 'down');
    assert.equal(report.errors[0].file, undefined);
    assert.match(report.errors[0].message, /127\.0\.0\.1/);
    assert.match(run.stderr, /^error: cluster down: .*127\.0\.0\.1/m);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  });

  it('exits 2 when no cluster could be scanned', async () => {
    const run = await kubectl(
      ['portguard', 'scan', '-A', '--all-contexts', '-o', 'json'],
      onlyDown,
    );
    // One context is not a fleet: the single-cluster path reports it as before.
    assert.equal(run.status, 2, run.stderr);
    const two = await kubectl(
      ['portguard', 'scan', '-A', '--context', 'down', '--context', 'nowhere', '-o', 'json'],
      onlyDown,
    );
    assert.equal(two.status, 2, two.stderr);
    const report = JSON.parse(two.stdout);
    assert.deepEqual(
      report.errors.map((e: any) => e.cluster),
      ['down', 'nowhere'],
    );
    assert.match(report.errors[1].message, /context "nowhere" is not in the kubeconfig/);
  });

  it('SARIF has a run per cluster, named in automationDetails.id', async () => {
    const run = await kubectl(
      ['portguard', 'scan', '-A', '--all-contexts', '-o', 'sarif'],
      withDown,
    );
    const log = JSON.parse(run.stdout);
    assert.deepEqual(
      log.runs.map((r: any) => r.automationDetails.id),
      ['east', 'down', 'west'],
    );
    const ids = (i: number) => log.runs[i].results.map((r: any) => r.ruleId).sort();
    assert.ok(ids(0).includes('host-port'));
    assert.deepEqual(ids(1), []);
    assert.equal(log.runs[1].invocations[0].executionSuccessful, false);
    assert.ok(ids(2).includes('nodeport-service'));
  });

  it('JUnit has a testsuite per cluster; the table groups by cluster first', async () => {
    const junit = await kubectl(
      ['portguard', 'scan', '-A', '--all-contexts', '-o', 'junit'],
      withDown,
    );
    const suites = [...junit.stdout.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(suites, ['east', 'down', 'west']);
    const table = await kubectl(['portguard', 'scan', '-A', '--all-contexts'], withDown);
    const out = table.stdout;
    const at = (s: string) => out.indexOf(s);
    assert.ok(at('cluster east') >= 0 && at('cluster east') < at('namespace shop'), out);
    assert.ok(at('namespace shop') < at('cluster down'), out);
    assert.ok(
      at('cluster down') < at('cluster west') && at('cluster west') < at('namespace blog'),
      out,
    );
    assert.match(out, /2 of 3 clusters scanned/);
  });
});
