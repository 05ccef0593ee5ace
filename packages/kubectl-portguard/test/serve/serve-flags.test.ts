// serve's and install's bad input: one line on stderr, exit 2, nothing left listening.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { writeTemp } from '../live/fixtures.js';
import { runCli } from '../live/run-cli.js';
import { serveTarget, type ServeArgs } from '../../src/commands/serve.js';

describe('serve and install: bad input', () => {
  let api: ApiServer;
  let busy: Server;
  let busyPort: number;
  let kubeconfig: string;
  before(async () => {
    api = await startApiServer({});
    kubeconfig = writeTemp('serve-flags.yaml', api.kubeconfig());
    busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    busyPort = (busy.address() as { port: number }).port;
  });
  after(async () => {
    busy.close();
    await api.close();
  });

  const pem = () => writeTemp('not-a-cert.pem', 'hello');
  const cases: { name: string; argv: () => string[]; stderr: RegExp }[] = [
    {
      name: 'a metrics address that is not HOST:PORT',
      argv: () => ['serve', '--kubeconfig', kubeconfig, '--metrics-addr', 'nope'],
      stderr:
        /^error: --metrics-addr: "nope" is not HOST:PORT \(e\.g\. :9090 or 127\.0\.0\.1:9090\)\n$/,
    },
    {
      name: '--webhook-addr without the TLS files',
      argv: () => ['serve', '--kubeconfig', kubeconfig, '--webhook-addr', '127.0.0.1:0'],
      stderr:
        /^error: --webhook-addr needs --tls-cert and --tls-key \(the API server calls webhooks over TLS\)\n$/,
    },
    {
      name: 'TLS files without --webhook-addr',
      argv: () => ['serve', '--kubeconfig', kubeconfig, '--tls-cert', 'a', '--tls-key', 'b'],
      stderr: /^error: --tls-cert and --tls-key go with --webhook-addr\n$/,
    },
    {
      name: 'an unreadable certificate file',
      argv: () => [
        'serve',
        '--kubeconfig',
        kubeconfig,
        '--webhook-addr',
        '127.0.0.1:0',
        '--tls-cert',
        '/nonexistent.crt',
        '--tls-key',
        '/nonexistent.key',
      ],
      stderr: /^error: --tls-cert \/nonexistent\.crt: cannot read it \(ENOENT\)\n$/,
    },
    {
      name: 'a certificate file that is not PEM',
      argv: () => [
        'serve',
        '--kubeconfig',
        kubeconfig,
        '--metrics-addr',
        '127.0.0.1:0',
        '--webhook-addr',
        '127.0.0.1:0',
        '--tls-cert',
        pem(),
        '--tls-key',
        pem(),
      ],
      stderr: /^error: --tls-cert\/--tls-key: .+\n$/,
    },
    {
      name: 'a metrics port in use',
      argv: () => ['serve', '--kubeconfig', kubeconfig, '--metrics-addr', `127.0.0.1:${busyPort}`],
      stderr:
        /^error: cannot listen: listen EADDRINUSE: address already in use 127\.0\.0\.1:\d+\n$/,
    },
    {
      name: 'a missing kubeconfig',
      argv: () => ['serve', '--kubeconfig', '/nonexistent', '--metrics-addr', '127.0.0.1:0'],
      stderr: /^error: kubeconfig file \/nonexistent does not exist\n$/,
    },
    {
      name: 'an unknown mode',
      argv: () => ['serve', '--mode', 'block'],
      stderr: /^error: invalid value "block" for --mode; choose from audit, warn, deny\n$/,
    },
    {
      name: 'install: a namespace that is not a DNS label',
      argv: () => ['install', '-n', 'Team_A'],
      stderr:
        /^error: -n Team_A: not a valid namespace name \(lower-case letters, digits and '-'\)\n$/,
    },
  ];
  for (const c of cases)
    it(`${c.name}: exit 2, one line`, async () => {
      const r = await runCli(c.argv());
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, c.stderr);
    });

  it('a failed start leaves nothing listening (the metrics server is closed again)', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await runCli([
      'serve',
      '--kubeconfig',
      kubeconfig,
      '--metrics-addr',
      `127.0.0.1:${port}`,
      '--webhook-addr',
      '127.0.0.1:0',
      '--tls-cert',
      pem(),
      '--tls-key',
      pem(),
    ]);
    assert.equal(r.code, 2);
    const again = createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen(port, '127.0.0.1', resolve);
    });
    again.close();
  });

  const target = (args: Partial<ServeArgs>, env: NodeJS.ProcessEnv) =>
    serveTarget(
      {
        metricsAddr: ':9090',
        mode: 'warn',
        failOn: 'medium',
        trustObjectAnnotations: false,
        ...args,
      },
      env,
    );
  it('uses the in-cluster config in a pod, unless a kubeconfig is named', () => {
    const pod = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    assert.equal(target({}, pod).inCluster, true);
    assert.equal(target({ kubeconfig: 'k' }, pod).inCluster, undefined);
    assert.equal(target({}, { ...pod, KUBECONFIG: '/k' }).inCluster, undefined);
    assert.equal(target({}, {}).inCluster, undefined);
  });
});
