// A real editor: headless Neovim's built-in LSP client, set up as docs/editors.md says, against portguard-language-server.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editorSnippet, pathWithServer } from './editor-snippets.js';
import { repoRoot } from './lsp-client.js';
import { readReport, runEditor } from './run-editor.js';

const fixtures = join(repoRoot, 'test/fixtures/lsp');
const hasNvim = spawnSync('nvim', ['--version']).status === 0;

/** Headless Neovim with `init`, running the test's client script. */
function runNvim(init: string, env: NodeJS.ProcessEnv, timeoutMs: number) {
  const client = `luafile ${join(fixtures, 'neovim-client.lua')}`;
  return runEditor(
    'nvim',
    ['--headless', '-u', init, '-n', '-i', 'NONE', '-c', client],
    env,
    timeoutMs,
  );
}

/**
 * The two set-ups of docs/editors.md, on Debian's Neovim 0.7.2: the 0.7 one as it is; the 0.8+ one
 * with stand-ins for the three 0.8 functions it calls (neovim-0.8-shim.lua says which and how).
 */
const FLAVOURS = [
  { name: 'Neovim 0.7 set-up', init: () => editorSnippet('neovim-0.7') },
  {
    name: 'Neovim 0.8+ set-up (0.8 functions stood in on 0.7)',
    init: () =>
      `${readFileSync(join(fixtures, 'neovim-0.8-shim.lua'), 'utf8')}\n${editorSnippet('neovim-0.8')}`,
  },
];

for (const flavour of FLAVOURS) {
  describe(`Neovim LSP client: ${flavour.name} from docs/editors.md`, function () {
    this.timeout(90000);
    let dir: string;
    let project: string;
    let result: any;

    before(async function () {
      assert.ok(hasNvim, 'nvim not found: apt-get install neovim (.ci/run does)');
      dir = mkdtempSync(join(tmpdir(), 'portguard-nvim-'));
      project = join(dir, 'project');
      mkdirSync(join(project, 'deploy'), { recursive: true });
      writeFileSync(join(project, '.portguard.yaml'), 'rules:\n  host-ipc: low\n');
      copyFileSync(join(fixtures, 'web.yaml'), join(project, 'deploy/web.yaml'));
      writeFileSync(
        join(project, 'deploy/other.yaml'),
        'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
      );
      const init = join(dir, 'init.lua');
      writeFileSync(init, flavour.init());
      const out = join(dir, 'result.json');
      const run = await runNvim(
        init,
        {
          PATH: pathWithServer(),
          PG_FILE: join(project, 'deploy/web.yaml'),
          PG_SECOND: join(project, 'deploy/other.yaml'),
          PG_OUT: out,
          XDG_CONFIG_HOME: join(dir, 'config'),
          XDG_DATA_HOME: join(dir, 'data'),
          XDG_STATE_HOME: join(dir, 'state'),
        },
        80000,
      );
      result = readReport(run, out);
    });
    after(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('starts one server for the project, rooted at the folder of .portguard.yaml, with its settings', () => {
      assert.equal(result.root_dir, project);
      assert.equal(result.same_client, true);
      assert.deepEqual(result.settings, { portguard: { rules: { 'host-pid': 'off' } } });
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
}
