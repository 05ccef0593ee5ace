// In-cluster config: a pod's ServiceAccount files and KUBERNETES_SERVICE_* against the project's API server over TLS.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { ClusterError } from '../src/errors.js';
import { inClusterTarget } from '../src/in-cluster.js';
import { watchCluster } from '../src/watch-cluster.js';
import type { WatchStatus } from '../src/watch-types.js';
import { multiTenant } from './fixtures.js';

/** A folder laid out as the kubelet mounts a ServiceAccount. */
function serviceAccountDir(files: { token?: string; ca?: string; namespace?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), 'portguard-sa-'));
  if (files.token !== undefined) writeFileSync(join(dir, 'token'), files.token);
  if (files.ca !== undefined) writeFileSync(join(dir, 'ca.crt'), files.ca);
  if (files.namespace !== undefined) writeFileSync(join(dir, 'namespace'), files.namespace);
  return dir;
}

describe('inClusterTarget', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({
      state: multiTenant(),
      https: true,
      users: [{ name: 'portguard', token: 'sa-token-1234' }],
    });
  });
  after(() => server.close());

  const envOf = (url: string) => {
    const u = new URL(url);
    return { KUBERNETES_SERVICE_HOST: u.hostname, KUBERNETES_SERVICE_PORT: u.port };
  };

  it('watches the cluster with the mounted token, verifying the mounted CA', async () => {
    const dir = serviceAccountDir({
      token: 'sa-token-1234',
      ca: server.caPem!,
      namespace: 'portguard',
    });
    const statuses: WatchStatus[] = [];
    let resolveLive!: (s: WatchStatus) => void;
    const live = new Promise<WatchStatus>((r) => (resolveLive = r));
    const stop = watchCluster(
      { inCluster: dir, env: envOf(server.url), allNamespaces: true },
      {
        onSnapshot: () => {},
        onStatus: (s) => {
          statuses.push(s);
          if (s.state === 'live' || s.state === 'disconnected') resolveLive(s);
        },
      },
    );
    try {
      const s = await live;
      assert.equal(s.state, 'live', JSON.stringify(s));
      assert.equal(s.context, 'in-cluster');
      assert.ok(server.requests.every((r) => r.user === 'portguard'));
    } finally {
      await stop();
    }
  });

  it('reads the namespace file, defaulting to "default"', () => {
    const env = envOf(server.url);
    const ns = inClusterTarget(
      env,
      serviceAccountDir({ token: 't', ca: server.caPem!, namespace: 'ops\n' }),
    );
    assert.equal(ns.namespace, 'ops');
    assert.equal(ns.server, server.url);
    assert.equal(
      inClusterTarget(env, serviceAccountDir({ token: 't', ca: server.caPem! })).namespace,
      'default',
    );
    const v6 = inClusterTarget(
      { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
      serviceAccountDir({ token: 't', ca: 'x' }),
    );
    assert.equal(v6.server, 'https://[fd00::1]:443');
  });

  const failures: {
    name: string;
    env: NodeJS.ProcessEnv;
    files: Parameters<typeof serviceAccountDir>[0];
    message: RegExp;
  }[] = [
    {
      name: 'no KUBERNETES_SERVICE_HOST',
      env: {},
      files: { token: 't', ca: 'c' },
      message:
        /^not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set \(pass --kubeconfig\)$/,
    },
    {
      name: 'no token mounted',
      env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' },
      files: { ca: 'c' },
      message: /^in-cluster config: .*\/token does not exist \(is a ServiceAccount mounted\?\)$/,
    },
    {
      name: 'no CA mounted',
      env: { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' },
      files: { token: 't' },
      message: /^in-cluster config: .*\/ca\.crt does not exist/,
    },
  ];
  for (const f of failures)
    it(`fails in one line: ${f.name}`, () => {
      assert.throws(
        () => inClusterTarget(f.env, serviceAccountDir(f.files)),
        (e: unknown) => e instanceof ClusterError && f.message.test(e.message),
      );
    });
});
