// kubeconfig features users rely on, against the project's API server: proxies, exec plugins, TLS options, impersonation.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync } from 'node:fs';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { defaultConfig } from '@portguard/core';
import { ClusterError } from '../src/errors.js';
import { scanLiveCluster } from '../src/scan-live.js';
import type { ClusterTarget } from '../src/watch-types.js';
import { startConnectProxy, type ConnectProxy } from './connect-proxy.js';
import { writeTemp } from './fixtures.js';

const STATE = `
apiVersion: v1
kind: Namespace
metadata: {name: gas-web, labels: {capsule.clastix.io/tenant: gas}}
---
apiVersion: v1
kind: Namespace
metadata: {name: oil-web}
---
apiVersion: v1
kind: Pod
metadata: {name: probe, namespace: gas-web}
spec: {hostNetwork: true, containers: [{name: p, image: p}]}
---
apiVersion: v1
kind: Pod
metadata: {name: drill, namespace: oil-web}
spec: {hostPID: true, containers: [{name: d, image: d}]}
`;
const ADMIN = 'admin-token-abcdef0123';
const EXEC_TOKEN = 'exec-token-fedcba9876';
const USERS = [
  { name: 'admin', token: ADMIN, impersonate: true },
  { name: 'gas', token: 'gas-token-555555', namespaces: ['gas-web'] },
  { name: 'plugin', token: EXEC_TOKEN },
];

/** `rule Kind/ns/name` of each exposure finding. */
const lines = (r: Awaited<ReturnType<typeof scanLiveCluster>>) =>
  r.result.findings
    .filter((f) => f.rule.startsWith('host-'))
    .map((f) => `${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name}`)
    .sort();
const ALL = ['host-network Pod/gas-web/probe', 'host-pid Pod/oil-web/drill'];

/** Adds `key: value` lines to the cluster entry of a kubeconfig the server wrote. */
const withCluster = (
  kubeconfig: string,
  extra: Record<string, string | boolean>,
  server?: string,
) => {
  let text = kubeconfig;
  if (server) text = text.replace(/server: \S+/, `server: ${server}`);
  const lines = Object.entries(extra).map(([k, v]) => `      ${k}: ${v}`);
  return text.replace(/(\n\s+server: \S+)/, `$1\n${lines.join('\n')}`);
};

describe('kubeconfig features', () => {
  let server: ApiServer;
  let proxy: ConnectProxy;
  let port: string;
  before(async () => {
    server = await startApiServer({ state: STATE, users: USERS, https: true });
    port = new URL(server.url).port;
    proxy = await startConnectProxy(Number(port));
  });
  after(async () => {
    await proxy.close();
    await server.close();
  });
  const scan = (name: string, kubeconfig: string, target: Partial<ClusterTarget> = {}) =>
    scanLiveCluster(
      {
        kubeconfig: writeTemp(`features-${name}.yaml`, kubeconfig),
        allNamespaces: true,
        env: {},
        ...target,
      },
      { config: defaultConfig(), trustObjectAnnotations: false },
    );
  const rejects = async (p: Promise<unknown>, message: RegExp) =>
    assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof ClusterError, String(e));
      assert.match(e.message, message);
      for (const s of [ADMIN, EXEC_TOKEN]) assert.ok(!e.message.includes(s));
      return true;
    });

  it('proxy-url: every request tunnels through the proxy (CONNECT)', async () => {
    const before = proxy.connects.length;
    const kc = withCluster(server.kubeconfig('admin'), { 'proxy-url': proxy.url });
    assert.deepEqual(lines(await scan('proxy-url', kc)), ALL);
    assert.ok(proxy.connects.length > before);
    assert.equal(proxy.connects.at(-1), `127.0.0.1:${port}`);
  });

  it('HTTPS_PROXY for a remote server name, with tls-server-name for its certificate', async () => {
    const before = proxy.connects.length;
    const remote = `https://kube.portguard.test:${port}`;
    const kc = withCluster(server.kubeconfig('admin'), { 'tls-server-name': 'localhost' }, remote);
    const r = await scan('https-proxy', kc, { env: { HTTPS_PROXY: proxy.url } });
    assert.deepEqual(lines(r), ALL);
    assert.equal(proxy.connects.at(-1), `kube.portguard.test:${port}`);
    assert.ok(proxy.connects.length > before);
  });

  it('NO_PROXY exempts the server: it is then reached directly (and here not found)', async () => {
    const before = proxy.connects.length;
    const remote = `https://kube.portguard.test:${port}`;
    const kc = withCluster(server.kubeconfig('admin'), { 'tls-server-name': 'localhost' }, remote);
    await rejects(
      scan('no-proxy', kc, { env: { HTTPS_PROXY: proxy.url, NO_PROXY: '.portguard.test' } }),
      /^cannot reach the cluster at https:\/\/kube\.portguard\.test:\d+: host not found$/,
    );
    assert.equal(proxy.connects.length, before);
  });

  it('HTTPS_PROXY is not used for a loopback server, as kubectl does not', async () => {
    const before = proxy.connects.length;
    const r = await scan('loopback', server.kubeconfig('admin'), {
      env: { HTTPS_PROXY: proxy.url },
    });
    assert.deepEqual(lines(r), ALL);
    assert.equal(proxy.connects.length, before);
  });

  it('tls-server-name is the name the certificate is checked against', async () => {
    const kc = withCluster(server.kubeconfig('admin'), { 'tls-server-name': 'elsewhere.example' });
    await rejects(
      scan('wrong-sni', kc),
      /cannot verify the TLS certificate.*ERR_TLS_CERT_ALTNAME_INVALID/,
    );
  });

  it('insecure-skip-tls-verify: no CA needed; without it and without a CA, a TLS error', async () => {
    assert.deepEqual(
      lines(await scan('insecure', server.kubeconfig('admin', { insecure: true }))),
      ALL,
    );
    await rejects(
      scan('no-ca', server.kubeconfig('admin', { omitCa: true })),
      /^cannot verify the TLS certificate of the cluster at https:\/\/127\.0\.0\.1:\d+ \(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
    );
  });

  it('--as and --as-group send Impersonate-* headers: the scan sees what that user sees', async () => {
    const r = await scan('as', server.kubeconfig('admin'), {
      allNamespaces: false,
      namespace: 'gas-web',
      as: 'gas',
      asGroups: ['tenants', 'auditors'],
    });
    assert.deepEqual(lines(r), ['host-network Pod/gas-web/probe']);
    assert.equal(r.result.findings.find((f) => f.rule === 'host-network')?.tenant, 'gas');
    // Without --as, admin lists every namespace; as gas, -A is refused what gas may not list.
    await rejects(
      scan('as-all', server.kubeconfig('admin'), { as: 'gas' }),
      /lets these credentials list nothing/,
    );
  });

  it('--as by a user who may not impersonate is refused in one line', async () => {
    await rejects(
      scan('as-denied', server.kubeconfig('gas'), { as: 'admin' }),
      /cannot impersonate resource "users"/,
    );
  });

  describe('exec credential plugins', () => {
    /** A plugin that prints an ExecCredential expiring `inSeconds` from now and counts its runs. */
    const plugin = (name: string, inSeconds: number) => {
      const count = writeTemp(`${name}.count`, '');
      const script = writeTemp(
        `${name}.sh`,
        `#!/bin/sh
echo run >> '${count}'
expiry=$(date -u -d "@$(( $(date +%s) + ${inSeconds} ))" +%Y-%m-%dT%H:%M:%SZ)
cat <<JSON
{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential",
 "status":{"token":"${EXEC_TOKEN}","expirationTimestamp":"$expiry"}}
JSON
`,
      );
      chmodSync(script, 0o755);
      return { script, runs: () => readFileSync(count, 'utf8').split('\n').filter(Boolean).length };
    };

    it('runs the plugin once while its token is valid', async () => {
      const p = plugin('valid', 3600);
      const from = server.requests.length;
      const r = await scan(
        'exec-valid',
        server.kubeconfig('plugin', { exec: { command: p.script } }),
      );
      assert.deepEqual(lines(r), ALL);
      assert.equal(p.runs(), 1);
      assert.ok(server.requests.slice(from).every((q) => q.user === 'plugin'));
    });

    it('runs it again once the token it gave has expired', async () => {
      const p = plugin('expired', -60);
      const from = server.requests.length;
      await scan('exec-expired', server.kubeconfig('plugin', { exec: { command: p.script } }));
      const requests = server.requests.length - from;
      assert.ok(requests > 1);
      // Requests waiting while the plugin runs share that run: never more runs than requests.
      assert.ok(p.runs() > 1 && p.runs() <= requests, `${p.runs()} runs, ${requests} requests`);
    });

    it('a plugin that fails is one line, without its output', async () => {
      const script = writeTemp('failing.sh', `#!/bin/sh\necho "token ${EXEC_TOKEN}" >&2\nexit 3\n`);
      chmodSync(script, 0o755);
      await rejects(
        scan('exec-fails', server.kubeconfig('plugin', { exec: { command: script } })),
        /^cannot authenticate to the cluster at https:\/\/127\.0\.0\.1:\d+: getting credentials: exec plugin ".*failing\.sh" failed$/,
      );
    });
  });
});
