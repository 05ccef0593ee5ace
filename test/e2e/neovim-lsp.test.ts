// A real editor: headless Neovim's built-in LSP client against portguard-language-server.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, serverBin } from './lsp-client.js';

const fixtures = join(repoRoot, 'test/fixtures/lsp');
const hasNvim = spawnSync('nvim', ['--version']).status === 0;

function runNvim(
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'nvim',
      [
        '--headless',
        '--clean',
        '-n',
        '-i',
        'NONE',
        '-c',
        `luafile ${join(fixtures, 'neovim-client.lua')}`,
      ],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`nvim did not finish within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('Neovim LSP client', function () {
  this.timeout(90000);
  let dir: string;
  let result: any;

  before(async function () {
    assert.ok(hasNvim, 'nvim not found: apt-get install neovim (.ci/run does)');
    dir = mkdtempSync(join(tmpdir(), 'portguard-nvim-'));
    copyFileSync(join(fixtures, 'web.yaml'), join(dir, 'web.yaml'));
    const out = join(dir, 'result.json');
    const run = await runNvim(
      { PG_SERVER: serverBin, PG_FILE: join(dir, 'web.yaml'), PG_OUT: out },
      80000,
    );
    assert.equal(run.code, 0, run.stderr);
    result = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(result.ok, true, `${result.error} after ${result.steps.join(', ')}`);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the diagnostics with the contract code, source, severity and range', () => {
    assert.deepEqual(result.diagnostics, [
      {
        code: 'host-port',
        source: 'portguard',
        severity: 1,
        message: 'container "app" uses hostPort 8080',
        range: [24, 14, 24, 28],
      },
      {
        code: 'nodeport-service',
        source: 'portguard',
        severity: 1,
        message: 'Service "web-public" is of type NodePort and opens a port on every node',
        range: [33, 2, 33, 16],
      },
    ]);
  });

  it('hovers with the rule explained', () => {
    assert.match(result.hover, /portguard `host-port`\*\* \(high\)/);
    assert.match(result.hover, /\*\*How to fix:\*\* /);
  });

  it('offers the quick-fixes and applies the preferred one: the file on disk has no hostPort, comments kept', () => {
    assert.deepEqual(result.actions, [
      'Replace hostPort 8080 with a ClusterIP Service "web"',
      'Replace hostPort 8080 with a ClusterIP Service "web" and an Ingress "web"',
      'Replace hostPort 8080 with a LoadBalancer Service "web" without node ports',
      'Ignore host-port on Deployment/web (annotation portguard.dev/ignore)',
    ]);
    assert.doesNotMatch(result.text, /^\s*hostPort:/m);
    for (const comment of ['# keep me', '# pinned', '# Public entry point'])
      assert.ok(result.text.includes(comment));
    assert.deepEqual(
      result.after.map((d: any) => d.code),
      ['nodeport-service'],
    );
  });

  it('keeps serving after hostile edits typed into the buffer', () => {
    assert.equal(result.alive_after_hostile, true);
  });
});
