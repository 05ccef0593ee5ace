// Faults of the API server survived as kubectl survives them: retried where client-go retries, else one line naming server, resource and cause.
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer, type FaultSpec } from '@portguard/apiserver';
import { defaultConfig } from '@portguard/core';
import { ClusterError } from '../src/errors.js';
import { scanLiveCluster } from '../src/scan-live.js';
import { multiTenant, writeTemp } from './fixtures.js';

const lines = (r: Awaited<ReturnType<typeof scanLiveCluster>>) =>
  r.result.findings.map((f) => `${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name}`);

describe('live scan under faults', () => {
  let server: ApiServer;
  let kubeconfig: string;
  let baseline: string[];
  const scan = (o: { requestTimeoutMs?: number; scanTimeoutMs?: number } = {}) =>
    scanLiveCluster(
      { kubeconfig, allNamespaces: true, env: {} },
      { config: defaultConfig(), trustObjectAnnotations: false, ...o },
    );
  before(async () => {
    server = await startApiServer({ state: multiTenant() });
    kubeconfig = writeTemp('faults.yaml', server.kubeconfig());
    baseline = lines(await scan());
  });
  afterEach(() => server.faults.clear());
  after(() => server.close());

  /** Requests to `path` (a list of it) since `from`. */
  const asked = (from: number, path: string) =>
    server.requests.slice(from).filter((r) => r.path === path && !r.watch).length;

  const survived: [string, FaultSpec, string, number][] = [
    ['429 with Retry-After: 1', { status: 429, retryAfter: 1, times: 1 }, '/api/v1/pods', 2],
    ['503 with Retry-After: 1', { status: 503, retryAfter: 1, times: 1 }, '/api/v1/pods', 2],
    ['500 twice', { status: 500, times: 2 }, '/api/v1/pods', 3],
    ['502', { status: 502, times: 1 }, '/api/v1/pods', 2],
    ['504', { status: 504, times: 1 }, '/api/v1/pods', 2],
    ['a reset mid-body', { resetMidBody: true, times: 1 }, '/api/v1/pods', 2],
    ['a reset on the discovery GET', { resetMidBody: true, times: 1 }, '/apis', 2],
    ['a slow answer', { delayMs: 300, times: 1 }, '/api/v1/pods', 1],
  ];
  for (const [what, fault, path, requests] of survived) {
    it(`finishes with the same findings after ${what}`, async () => {
      const from = server.requests.length;
      server.faults.add({ path: new RegExp(`^${path}$`), ...fault });
      assert.deepEqual(lines(await scan()), baseline);
      assert.equal(asked(from, path), requests);
    });
  }

  it('restarts a list whose continue token expired (410 Expired), without duplicates', async () => {
    const small = await startApiServer({ state: multiTenant() });
    try {
      const kc = writeTemp('expired.yaml', small.kubeconfig());
      small.faults.add({ path: '/api/v1/pods', expireContinue: true, times: 1 });
      const { listCluster } = await import('../src/list-cluster.js');
      const { KubeClient } = await import('../src/kube-client.js');
      const { loadKubeconfig } = await import('../src/load-kubeconfig.js');
      const client = new KubeClient(loadKubeconfig({ kubeconfig: kc, env: {} }));
      try {
        const listing = await listCluster(client, { pageSize: 2 });
        const pods = listing.objects.filter((o) => o.ref.kind === 'Pod').map((o) => o.ref.name);
        assert.equal(new Set(pods).size, pods.length);
        assert.equal(pods.length, multiTenant().filter((o) => o.kind === 'Pod').length);
        const first = small.requests.filter((r) => r.path === '/api/v1/pods' && !r.query.continue);
        assert.equal(first.length, 2, 'the list started again from its first page');
      } finally {
        client.close();
      }
    } finally {
      await small.close();
    }
  });

  const failed: [string, FaultSpec, object, RegExp][] = [
    [
      'a 500 that lasts',
      { path: '/api/v1/services', status: 500, message: 'etcdserver: request timed out' },
      {},
      /^cannot list services on the cluster at http:\/\/127\.0\.0\.1:\d+: it answered 500: etcdserver: request timed out \(5 attempts\)$/,
    ],
    [
      'resets that last',
      { path: '/apis/apps/v1/deployments', resetMidBody: true },
      {},
      /^cannot list deployments\.apps on the cluster at http:\/\/127\.0\.0\.1:\d+: connection reset while reading the answer \(5 attempts\)$/,
    ],
    [
      'a silent server, with --request-timeout',
      { path: '/api/v1/pods', silent: true },
      { requestTimeoutMs: 300 },
      /^cannot list pods on the cluster at http:\/\/127\.0\.0\.1:\d+: no answer within 300ms \(--request-timeout\)$/,
    ],
    [
      'a silent server, within the scan bound',
      { path: '/api/v1/services', silent: true },
      { scanTimeoutMs: 400 },
      /^cannot list services on the cluster at http:\/\/127\.0\.0\.1:\d+: no answer within the scan's 400ms bound$/,
    ],
    [
      'a Retry-After longer than the scan bound',
      { path: '/api/v1/pods', status: 429, retryAfter: 5 },
      { scanTimeoutMs: 1000 },
      /^cannot list pods on the cluster at http:\/\/127\.0\.0\.1:\d+: no answer within the scan's 1s bound; last answer 429: Too many requests, please try again later\.$/,
    ],
  ];
  for (const [what, fault, options, message] of failed) {
    it(`gives up on ${what} with one line`, async () => {
      server.faults.add(fault);
      await assert.rejects(scan(options), (e: unknown) => {
        assert.ok(e instanceof ClusterError, String(e));
        assert.match(e.message, message);
        return true;
      });
    });
  }
});
