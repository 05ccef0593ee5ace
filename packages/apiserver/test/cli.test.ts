// portguard-apiserver's command line: serves a state file or the demo, writes a kubeconfig, refuses bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../src/cli.js';

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

  const bad: [string[], string][] = [
    [[], 'usage: portguard-apiserver'],
    [['--state', join(dir, 'missing.yaml')], `error: ${join(dir, 'missing.yaml')}: ENOENT`],
    [['--bogus'], "error: Unknown option '--bogus'"],
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
