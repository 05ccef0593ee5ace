// portguard-apiserver's command line: serves a state file or the demo, writes a kubeconfig, refuses bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../src/cli.js';
import { call } from './client.js';
import { startWebhook, webhookConfiguration } from './webhook.js';

const dir = mkdtempSync(join(tmpdir(), 'portguard-apiserver-cli-'));

describe('portguard-apiserver CLI', () => {
  it('serves a state file and writes a 0600 kubeconfig for it', async () => {
    const state = join(dir, 'state.yaml');
    writeFileSync(state, 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n');
    const out = join(dir, 'kc.yaml');
    const lines: string[] = [];
    const result = await cli(['--state', state, '--kubeconfig-out', out, '--token', 'tok'], (l) =>
      lines.push(l),
    );
    assert.ok('server' in result);
    try {
      assert.deepEqual(lines, [`serving ${result.server.url}; kubeconfig: ${out}`]);
      assert.match(readFileSync(out, 'utf8'), /token: tok/);
      assert.equal(statSync(out).mode & 0o777, 0o600);
      assert.equal(result.server.store.rv > 1, true);
    } finally {
      await result.server.close();
    }
  });

  it('--webhook-service sends a service reference to the URL given, checking NAME.NAMESPACE.svc', async () => {
    const hook = await startWebhook(['portguard.portguard.svc']);
    hook.answer = () => ({
      allowed: false,
      status: { code: 403, reason: 'Forbidden', message: 'by the CLI' },
    });
    const out = join(dir, 'kc-hook.yaml');
    const result = await cli(
      ['--demo', '--kubeconfig-out', out, '--webhook-service', `portguard/portguard=${hook.url}`],
      () => {},
    );
    assert.ok('server' in result);
    try {
      result.server.create(
        webhookConfiguration('portguard', {
          clientConfig: {
            service: { namespace: 'portguard', name: 'portguard', path: '/validate' },
            caBundle: hook.caBundle,
          },
        }),
      );
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'x', namespace: 'default' },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      };
      const r = await call(result.server, 'POST', '/api/v1/namespaces/default/pods', pod);
      assert.deepEqual(
        [r.status, r.body.message],
        [403, 'admission webhook "portguard.portguard.dev" denied the request: by the CLI'],
      );
      assert.equal(hook.reviews[0].path, '/validate?timeout=10s');
    } finally {
      await result.server.close();
      await hook.close();
    }
  });

  const bad: [string[], string][] = [
    [[], 'usage: portguard-apiserver'],
    [['--state', join(dir, 'missing.yaml')], `error: ${join(dir, 'missing.yaml')}: ENOENT`],
    [['--bogus'], "error: Unknown option '--bogus'"],
    [
      ['--demo', '--webhook-service', 'portguard=https://127.0.0.1:1'],
      'error: --webhook-service "portguard=https://127.0.0.1:1": expected NAMESPACE/NAME=https://HOST:PORT',
    ],
    [
      ['--demo', '--audit-log-path', join(dir, 'audit.log'), '--audit-level', 'Everything'],
      'error: --audit-level must be one of Metadata, Request, RequestResponse, not "Everything"',
    ],
  ];
  for (const [argv, first] of bad) {
    it(`exits 2 for ${JSON.stringify(argv)}`, async () => {
      const lines: string[] = [];
      const result = await cli(argv, (l) => lines.push(l));
      assert.deepEqual(result, { code: 2 });
      assert.ok(lines[0].startsWith(first), lines[0]);
    });
  }
});
