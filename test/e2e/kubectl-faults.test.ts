// The real kubectl and kubectl portguard against the same faults of the project's API server: where kubectl survives, the scan does too.
import assert from 'node:assert/strict';
import { readState, startApiServer, type ApiServer, type FaultSpec } from '@portguard/apiserver';
import { MULTI_TENANT, findingLines, kubectl, writeTemp } from './kubectl-live-helpers.js';

const TOKEN = 'e2e-faults-admin-token-77aa';

describe('faults: kubectl and kubectl portguard side by side', function () {
  this.timeout(60_000);
  let server: ApiServer;
  let kubeconfig: string;
  let baseline: string[];
  before(async () => {
    server = await startApiServer({
      state: readState(MULTI_TENANT),
      users: [{ name: 'admin', token: TOKEN }],
      https: true,
    });
    kubeconfig = writeTemp('faults-admin.yaml', server.kubeconfig('admin'));
    const run = await kubectl(['portguard', 'scan', '-A', '-o', 'json'], kubeconfig);
    assert.equal(run.status, 1, run.stderr);
    baseline = findingLines(JSON.parse(run.stdout));
  });
  afterEach(() => server.faults.clear());
  after(() => server.close());

  const survived: [string, FaultSpec][] = [
    [
      '429 with Retry-After: 1',
      { path: /^\/api\/v1\/pods$/, status: 429, retryAfter: 1, times: 1 },
    ],
    [
      '503 with Retry-After: 1',
      { path: /^\/api\/v1\/pods$/, status: 503, retryAfter: 1, times: 1 },
    ],
  ];
  for (const [what, fault] of survived) {
    it(`${what}: kubectl get waits and succeeds, and so does the scan, with the same findings`, async () => {
      server.faults.add(fault);
      const get = await kubectl(['get', 'pods', '-A', '-o', 'name'], kubeconfig);
      assert.equal(get.status, 0, get.stderr);
      server.faults.add(fault);
      const scan = await kubectl(['portguard', 'scan', '-A', '-o', 'json'], kubeconfig);
      assert.equal(scan.status, 1, scan.stderr);
      assert.deepEqual(findingLines(JSON.parse(scan.stdout)), baseline);
      assert.equal(scan.stderr, '');
    });
  }

  it('a 500 that lasts: kubectl fails, and the scan exits 2 with one line naming server, resource and cause', async () => {
    server.faults.add({
      path: /^\/api\/v1\/services$/,
      status: 500,
      message: 'etcdserver: leader changed',
    });
    const get = await kubectl(['get', 'services', '-A'], kubeconfig);
    assert.notEqual(get.status, 0);
    const scan = await kubectl(['portguard', 'scan', '-A'], kubeconfig);
    assert.equal(scan.status, 2);
    assert.equal(scan.stdout, '');
    assert.match(
      scan.stderr,
      /^error: cannot list services on the cluster at https:\/\/127\.0\.0\.1:\d+: it answered 500: etcdserver: leader changed \(5 attempts\)\n$/,
    );
    assert.ok(!scan.stderr.includes(TOKEN));
  });

  it('a silent server: --request-timeout as kubectl takes it bounds both', async () => {
    server.faults.add({ path: /^\/api\/v1\/pods$/, silent: true });
    const get = await kubectl(['get', 'pods', '-A', '--request-timeout', '1s'], kubeconfig);
    assert.notEqual(get.status, 0);
    const scan = await kubectl(['portguard', 'scan', '-A', '--request-timeout', '1s'], kubeconfig);
    assert.equal(scan.status, 2);
    assert.match(
      scan.stderr,
      /^error: cannot list pods on the cluster at https:\/\/127\.0\.0\.1:\d+: no answer within 1s \(--request-timeout\)\n$/,
    );
  });
});
