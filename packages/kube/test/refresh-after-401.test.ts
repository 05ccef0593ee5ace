// A credential refused with 401 is fetched again once (exec plugin re-run, token file re-read) and the request retried, against the project's API server.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiServer } from '@portguard/apiserver';
import { defaultConfig } from '@portguard/core';
import { ClusterError } from '../src/errors.js';
import { KubeClient } from '../src/kube-client.js';
import { listPages } from '../src/list-pages.js';
import { loadKubeconfig } from '../src/load-kubeconfig.js';
import { SCANNED_KINDS } from '../src/resource-kinds.js';
import { scanLiveCluster } from '../src/scan-live.js';
import { watchCluster } from '../src/watch-cluster.js';
import { writeTemp } from './fixtures.js';
import { FIRST, issuingPlugin, SECOND, startPluginServer } from './issuing-plugin.js';
import { startConnectProxy } from './connect-proxy.js';

const STATE = `
apiVersion: v1
kind: Namespace
metadata: {name: web}
---
apiVersion: v1
kind: Pod
metadata: {name: probe, namespace: web}
spec: {hostNetwork: true, containers: [{name: p, image: p}]}
---
apiVersion: v1
kind: Pod
metadata: {name: drill, namespace: web}
spec: {hostPID: true, containers: [{name: d, image: d}]}
`;
const FINDINGS = ['host-network Pod/web/probe', 'host-pid Pod/web/drill'];
const UNAUTHORIZED =
  /^the cluster at https:\/\/127\.0\.0\.1:\d+ rejected the credentials \(401 Unauthorized\)$/;

let n = 0;

describe('refresh after 401', () => {
  let server: ApiServer;
  beforeEach(async () => {
    server = await startPluginServer(STATE);
  });
  afterEach(() => server.close());

  /** Revokes FIRST as the first request matching `at` arrives; `reissue` is what the issuer then hands out. */
  const revokeAt = (
    at: (path: string, query: Record<string, string>) => boolean,
    reissue?: () => void,
  ) => {
    const off = server.onRequest((r) => {
      if (!at(r.path, r.query)) return;
      off();
      server.rotateToken('plugin', SECOND);
      reissue?.();
    });
  };
  const anyRequest = () => true;
  const scan = (kubeconfig: string) =>
    scanLiveCluster(
      { kubeconfig: writeTemp(`refresh-${++n}.yaml`, kubeconfig), allNamespaces: true, env: {} },
      { config: defaultConfig(), trustObjectAnnotations: false },
    );
  const findings = (r: Awaited<ReturnType<typeof scan>>) =>
    r.result.findings
      .filter((f) => f.rule.startsWith('host-'))
      .map((f) => `${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name}`)
      .sort();
  const statuses = (from: number) => server.requests.slice(from).map((r) => r.status);
  const refused = async (p: Promise<unknown>) =>
    assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ClusterError, String(e));
      assert.match(e.message, UNAUTHORIZED);
      return true;
    });

  describe('exec plugin', () => {
    it('a revoked token: the plugin runs again once, the request is retried, the scan succeeds', async () => {
      const p = issuingPlugin(FIRST);
      revokeAt(
        (path) => path === '/api/v1/pods',
        () => p.issue(SECOND),
      );
      const from = server.requests.length;
      assert.deepEqual(
        findings(await scan(server.kubeconfig('plugin', { exec: { command: p.script } }))),
        FINDINGS,
      );
      assert.equal(p.runs(), 2);
      const pods = server.requests.slice(from).filter((r) => r.path === '/api/v1/pods');
      assert.deepEqual(
        pods.map((r) => r.status),
        [401, 200],
      );
    });

    it('a plugin that keeps handing out the revoked token: one re-run, then the one-line 401', async () => {
      const p = issuingPlugin(FIRST);
      revokeAt(anyRequest);
      const from = server.requests.length;
      await refused(scan(server.kubeconfig('plugin', { exec: { command: p.script } })));
      assert.equal(p.runs(), 2);
      assert.ok(statuses(from).every((s) => s === 401));
    });

    it("through a proxy-url: the plugin's token is refreshed the same way", async () => {
      const proxy = await startConnectProxy(Number(new URL(server.url).port));
      try {
        const p = issuingPlugin(FIRST);
        revokeAt(
          (path) => path === '/api/v1/pods',
          () => p.issue(SECOND),
        );
        const kc = server
          .kubeconfig('plugin', { exec: { command: p.script } })
          .replace(/(\n\s+server: \S+)/, `$1\n      proxy-url: ${proxy.url}`);
        assert.deepEqual(findings(await scan(kc)), FINDINGS);
        assert.equal(p.runs(), 2);
        assert.ok(proxy.connects.length > 0);
      } finally {
        await proxy.close();
      }
    });

    it('a credential without expirationTimestamp is kept until a 401, as client-go keeps it', async () => {
      const p = issuingPlugin(FIRST, false);
      const from = server.requests.length;
      assert.deepEqual(
        findings(await scan(server.kubeconfig('plugin', { exec: { command: p.script } }))),
        FINDINGS,
      );
      assert.ok(server.requests.length - from > 3);
      assert.equal(p.runs(), 1);
    });

    it('list pages: a 401 on a continue request is retried with the new token, no page lost', async () => {
      const p = issuingPlugin(FIRST);
      revokeAt(
        (_, q) => q.continue !== undefined,
        () => p.issue(SECOND),
      );
      const loaded = loadKubeconfig({
        kubeconfig: writeTemp(
          'pages.yaml',
          server.kubeconfig('plugin', { exec: { command: p.script } }),
        ),
      });
      const client = new KubeClient(loaded);
      const names: string[] = [];
      const pods = SCANNED_KINDS.find((k) => k.plural === 'pods' && k.group === '')!;
      try {
        await listPages(
          client,
          pods,
          undefined,
          (objs) => names.push(...objs.map((o) => o.ref.name)),
          { pageSize: 1 },
        );
      } finally {
        client.close();
      }
      assert.deepEqual(names.sort(), ['drill', 'probe']);
      assert.equal(p.runs(), 2);
    });

    it('watch starts: a watch refused with 401 runs the plugin once more and opens', async () => {
      const p = issuingPlugin(FIRST);
      revokeAt(
        (_, q) => q.watch === 'true',
        () => p.issue(SECOND),
      );
      const kubeconfig = writeTemp(
        'watch.yaml',
        server.kubeconfig('plugin', { exec: { command: p.script } }),
      );
      const states: string[] = [];
      let isLive!: () => void;
      const live = new Promise<void>((resolve) => (isLive = resolve));
      const handlers = {
        onSnapshot: () => undefined,
        onStatus: (s: { state: string }) => (states.push(s.state), s.state === 'live' && isLive()),
      };
      const from = server.requests.length;
      const stop = watchCluster({ kubeconfig, allNamespaces: true, env: {} }, handlers, {
        backoff: { initialMs: 50, maxMs: 200 },
      });
      try {
        await live;
      } finally {
        await stop();
      }
      assert.equal(p.runs(), 2);
      assert.ok(!states.includes('disconnected'), states.join());
      const watches = server.requests.slice(from).filter((r) => r.watch);
      assert.equal(watches[0].status, 401);
      assert.ok(watches.some((r) => r.status === 200));
    });
  });

  describe('token file', () => {
    const withTokenFile = (file: string) =>
      server.kubeconfig('plugin').replace(/token: \S+/, `tokenFile: ${file}`);

    it('rotated on disk: re-read once after the 401, the request retried, the scan succeeds', async () => {
      const file = writeTemp(`token-${++n}`, `${FIRST}\n`);
      revokeAt(
        (path) => path === '/api/v1/pods',
        () => writeFileSync(file, `${SECOND}\n`),
      );
      assert.deepEqual(findings(await scan(withTokenFile(file))), FINDINGS);
    });

    it('in a pod: the ServiceAccount token the kubelet rotated is read again after the 401', async () => {
      const token = writeTemp(`sa-${++n}/token`, FIRST);
      writeTemp(`sa-${n}/ca.crt`, server.caPem!);
      revokeAt(
        (path) => path === '/api/v1/pods',
        () => writeFileSync(token, SECOND),
      );
      const u = new URL(server.url);
      const r = await scanLiveCluster(
        {
          inCluster: dirname(token),
          allNamespaces: true,
          env: { KUBERNETES_SERVICE_HOST: u.hostname, KUBERNETES_SERVICE_PORT: u.port },
        },
        { config: defaultConfig(), trustObjectAnnotations: false },
      );
      assert.deepEqual(findings(r), FINDINGS);
    });

    it("a relative path is read against the kubeconfig's folder, as kubectl reads it", async () => {
      const kubeconfig = writeTemp(`rel-${++n}/config`, withTokenFile('sa-token'));
      writeTemp(`rel-${n}/sa-token`, `${FIRST}\n`);
      const r = await scanLiveCluster(
        { kubeconfig, allNamespaces: true, env: {} },
        { config: defaultConfig(), trustObjectAnnotations: false },
      );
      assert.deepEqual(findings(r), FINDINGS);
      await assert.rejects(
        scan(withTokenFile('/nonexistent/token')),
        /^ClusterError: cannot authenticate to the cluster at https:\/\/127\.0\.0\.1:\d+: token file \/nonexistent\/token: cannot read it \(ENOENT\)$/,
      );
    });

    it('still the revoked token: the one-line 401', async () => {
      const file = writeTemp(`token-${++n}`, FIRST);
      revokeAt(anyRequest);
      await refused(scan(withTokenFile(file)));
    });
  });

  it('a static token is not retried: nothing to refresh', async () => {
    revokeAt((path) => path === '/api/v1/pods');
    const from = server.requests.length;
    await refused(scan(server.kubeconfig('plugin')));
    const pods = server.requests.slice(from).filter((r) => r.path === '/api/v1/pods');
    assert.deepEqual(
      pods.map((r) => r.status),
      [401],
    );
  });
});
