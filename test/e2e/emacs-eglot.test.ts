// A real editor: Emacs 28 with eglot and yaml-mode (Debian's elpa-eglot, elpa-yaml-mode), set up as docs/editors.md says.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editorSnippet, pathWithServer } from './editor-snippets.js';
import { repoRoot } from './lsp-client.js';
import { readReport, runEditor } from './run-editor.js';

const fixtures = join(repoRoot, 'test/fixtures/lsp');
const hasEmacs = spawnSync('emacs', ['--version']).status === 0;

/** Emacs in batch mode on the test's client script. */
function runEmacs(env: NodeJS.ProcessEnv, timeoutMs: number) {
  // --batch reads no init file; Debian's site-start puts the elpa-* packages on the load path.
  return runEditor('emacs', ['--batch', '-l', join(fixtures, 'emacs-client.el')], env, timeoutMs);
}

describe('Emacs eglot client: the set-up of docs/editors.md', function () {
  this.timeout(90000);
  let dir: string;
  let manifest: string;
  let result: any;

  before(async () => {
    assert.ok(hasEmacs, 'emacs not found: apt-get install emacs-nox elpa-eglot elpa-yaml-mode');
    dir = mkdtempSync(join(tmpdir(), 'portguard-emacs-'));
    mkdirSync(join(dir, 'home'));
    manifest = join(dir, 'web.yaml');
    copyFileSync(join(fixtures, 'web.yaml'), manifest);
    const setup = join(dir, 'setup.el');
    writeFileSync(setup, editorSnippet('emacs-eglot'));
    const out = join(dir, 'result.json');
    const run = await runEmacs(
      {
        PATH: pathWithServer(),
        PG_SETUP: setup,
        PG_FILE: manifest,
        PG_OUT: out,
        HOME: join(dir, 'home'),
      },
      80000,
    );
    result = readReport(run, out);
  });
  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens the manifest in yaml-mode and eglot connects through eglot-ensure', () => {
    assert.equal(result.mode, 'yaml-mode');
    assert.deepEqual(result.steps.slice(0, 2), ['connected', 'diagnostics']);
  });

  it('shows both findings in flymake, as errors, at the flagged key', () => {
    assert.deepEqual(result.diagnostics, [
      {
        text: 'portguard [host-port]: container "app" uses hostPort 8080',
        type: 'eglot-error',
        line: 24,
        column: 14,
      },
      {
        text: 'portguard [nodeport-service]: Service "web-public" is of type NodePort and opens a port on every node',
        type: 'eglot-error',
        line: 33,
        column: 2,
      },
    ]);
  });

  it('hovers with the rule explained and a file: link to its page', () => {
    assert.match(result.hover, /^\*\*portguard `host-port`\*\* \(high\)/);
    assert.match(result.hover, /\*\*Why it matters:\*\* /);
    assert.match(
      result.hover,
      /\[host-port documentation\]\(file:\/\/\/[^)]+\/docs\/rules\/host-port\.md\)/,
    );
  });

  it('offers the quick-fixes; the preferred one, applied and saved, removes the hostPort and keeps comments', () => {
    assert.deepEqual(result.actions, [
      'Replace hostPort 8080 with a ClusterIP Service "web"',
      'Replace hostPort 8080 with a ClusterIP Service "web" and an Ingress "web"',
      'Replace hostPort 8080 with a LoadBalancer Service "web" without node ports',
      'Ignore host-port on Deployment/web (annotation portguard.dev/ignore)',
    ]);
    assert.doesNotMatch(result.text, /^\s*hostPort:/m);
    assert.match(result.text, /kind: Service\nmetadata:\n {2}name: web\n/);
    for (const comment of ['# keep me', '# pinned', '# Public entry point'])
      assert.ok(result.text.includes(comment), comment);
    assert.deepEqual(
      result.after.map((d: any) => d.text.replace(/:.*/, '')),
      ['portguard [nodeport-service]'],
    );
  });
});
