// `pnpm dist` end to end: the npm tarball installed offline outside the repo, the single executable with no
// node on PATH, completion through the real kubectl, the language server over stdio, the krew manifest.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { rules } from '@portguard/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const distDir = join(root, 'dist');
const { version } = JSON.parse(
  readFileSync(join(root, 'packages/kubectl-portguard/package.json'), 'utf8'),
);

/** One Deployment with a hostPort. */
const MANIFEST = readFileSync(new URL('../fixtures/web-deployment.yaml', import.meta.url), 'utf8');

/** The environment of a user's shell: no pnpm or npm variables, no node_modules/.bin on PATH. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(npm_|PNPM_|pnpm_)/i.test(k) && k !== 'NODE_OPTIONS') env[k] = v;
  env.PATH = (process.env.PATH ?? '')
    .split(':')
    .filter((p) => !p.includes('node_modules'))
    .join(':');
  return { ...env, ...extra };
}

function sh(
  cmd: string,
  args: string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {},
) {
  return spawnSync(cmd, args, { encoding: 'utf8', timeout: 120_000, ...opts });
}

function ok(r: SpawnSyncReturns<string>, what: string, codes = [0]): SpawnSyncReturns<string> {
  assert.ok(
    r.signal === null && codes.includes(r.status ?? -1),
    `${what}: exit ${r.status} ${r.signal ?? ''} ${r.error ?? ''}\n${r.stdout}\n${r.stderr}`,
  );
  return r;
}

/**
 * Sends `initialize` over stdio to `command args…`, then opens a Pod with `hostNetwork: true`;
 * resolves to the initialize result and the diagnostics published for it, and ends the server.
 */
function lspSession(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  const proc = spawn(command, args, { env, cwd, stdio: 'pipe' });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const send = (m: object) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...m });
    proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  };
  send({
    id: 1,
    method: 'initialize',
    params: { processId: process.pid, rootUri: null, capabilities: {} },
  });
  return new Promise<{ init: any; diagnostics: any[]; started: string }>((resolve, reject) => {
    let buf = Buffer.alloc(0);
    let init: any;
    let started: string | undefined;
    let diagnostics: any[] | undefined;
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`no initialize answer and diagnostics in 30 s; stderr: ${stderr}`));
    }, 30_000);
    proc.on('exit', (code) => reject(new Error(`server exited ${code}: ${stderr}`)));
    proc.stdout.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const head = buf.indexOf('\r\n\r\n');
        if (head < 0) return;
        const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, head).toString())?.[1]);
        if (buf.length < head + 4 + len) return;
        const msg = JSON.parse(buf.subarray(head + 4, head + 4 + len).toString());
        buf = buf.subarray(head + 4 + len);
        if (msg.id === 1) {
          init = msg.result;
          send({ method: 'initialized', params: {} });
          send({
            method: 'textDocument/didOpen',
            params: {
              textDocument: {
                uri: 'file:///tmp/portguard-dist-e2e/pod.yaml',
                languageId: 'yaml',
                version: 1,
                text: 'apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec:\n  hostNetwork: true\n  containers: [{ name: c, image: x }]\n',
              },
            },
          });
        } else if (
          msg.method === 'textDocument/publishDiagnostics' &&
          msg.params.diagnostics.length
        ) {
          diagnostics = msg.params.diagnostics;
        } else if (
          msg.method === 'window/logMessage' &&
          msg.params.message.startsWith('portguard-language-server ')
        ) {
          started = msg.params.message;
        }
        if (diagnostics && started) {
          clearTimeout(timer);
          proc.removeAllListeners('exit');
          proc.kill();
          resolve({ init, diagnostics, started });
          return;
        }
      }
    });
  });
}

/** On two cores or fewer the server restarted itself with one V8 worker (v8-pool.ts). */
function assertWorkers(started: string): void {
  assert.match(started, availableParallelism() <= 2 ? /V8 workers: 1;/ : /V8 workers: default;/);
}

/** The rule doc a diagnostic links to is a page installed with the server. */
function assertInstalledDoc(diagnostic: any, under: string): void {
  assert.equal(diagnostic.code, 'host-network');
  const href: string = diagnostic.codeDescription.href;
  assert.ok(href.startsWith('file://'), href);
  const file = fileURLToPath(href);
  assert.ok(file.startsWith(under), `${file} is not under ${under}`);
  assert.match(readFileSync(file, 'utf8'), /hostNetwork/);
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

describe('pnpm dist', function () {
  this.timeout(120_000);
  let work: string;
  let manifests: string;

  before(function () {
    // The whole of `pnpm dist`, once: bundle, npm pack, single executable, krew manifest, vsix.
    this.timeout(600_000);
    ok(sh('pnpm', ['run', 'dist'], { cwd: root, env: userEnv(), timeout: 590_000 }), 'pnpm dist');
    work = mkdtempSync(join(tmpdir(), 'portguard-dist-e2e-'));
    manifests = join(work, 'manifests');
    mkdirSync(manifests);
    writeFileSync(join(manifests, 'web.yaml'), MANIFEST);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('writes the four artefacts', () => {
    assert.deepEqual(readdirSync(distDir).sort(), [
      `kubectl-portguard-${version}.tgz`,
      'kubectl-portguard-linux-amd64.tar.gz',
      'portguard.vsix',
      'portguard.yaml',
    ]);
    // a vsix is a zip holding the extension's manifest
    const vsix = readFileSync(join(distDir, 'portguard.vsix'));
    assert.equal(vsix.subarray(0, 2).toString(), 'PK');
    assert.ok(vsix.includes('extension/package.json'));
  });

  describe('the npm package, installed offline with npm install -g', () => {
    let prefix: string;
    let env: NodeJS.ProcessEnv;
    before(() => {
      prefix = join(work, 'prefix');
      const tgz = join(distDir, `kubectl-portguard-${version}.tgz`);
      // --offline: nothing may come from the registry, so the package must need nothing.
      ok(
        sh(
          'npm',
          ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tgz],
          {
            cwd: work,
            env: userEnv({ npm_config_cache: join(work, 'npm-cache') }),
          },
        ),
        'npm install -g',
      );
      env = userEnv({ PATH: `${join(prefix, 'bin')}:${userEnv().PATH}`, HOME: work });
    });

    it('installs the three bins and no dependency', () => {
      for (const bin of [
        'kubectl-portguard',
        'kubectl_complete-portguard',
        'portguard-language-server',
      ])
        assert.ok(existsSync(join(prefix, 'bin', bin)), bin);
      const installed = join(prefix, 'lib', 'node_modules', 'kubectl-portguard');
      assert.ok(!existsSync(join(installed, 'node_modules')), 'a node_modules inside the package');
      assert.deepEqual(
        JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).dependencies,
        undefined,
      );
    });

    it('kubectl portguard scan -f on a manifest outside the repo', () => {
      const r = ok(
        sh('kubectl', ['portguard', 'scan', '-f', 'web.yaml', '-o', 'json'], {
          cwd: manifests,
          env,
        }),
        'scan',
        [1],
      );
      const report = JSON.parse(r.stdout);
      assert.deepEqual(
        report.findings.map((f: any) => [f.rule, f.file, f.range.start.line]),
        [['host-port', 'web.yaml', 12]],
      );
    });

    it('kubectl portguard version -o json and --version', () => {
      const info = JSON.parse(
        ok(sh('kubectl', ['portguard', 'version', '-o', 'json'], { cwd: work, env }), 'version')
          .stdout,
      );
      assert.equal(info.version, version);
      assert.match(info.commit, /^[0-9a-f]{12}$/);
      assert.equal(info.node, process.version);
      assert.equal(
        ok(sh('kubectl-portguard', ['--version'], { cwd: work, env }), '--version').stdout,
        `${version}\n`,
      );
    });

    it('--demo scans the built-in cluster from the package', () => {
      const r = ok(
        sh('kubectl', ['portguard', 'scan', '--demo', '-o', 'json'], { cwd: work, env }),
        'demo',
        [1],
      );
      assert.ok(JSON.parse(r.stdout).summary.objects > 0);
    });

    it('kubectl __complete portguard explain h: the host-* rules, through kubectl_complete-portguard', () => {
      const r = ok(
        sh('kubectl', ['__complete', 'portguard', 'explain', 'h'], { cwd: work, env }),
        'complete',
      );
      const lines = r.stdout.trimEnd().split('\n');
      assert.deepEqual(
        lines.slice(0, -1).map((l) => l.split('\t')[0]),
        rules.map((x) => x.meta.name).filter((n) => n.startsWith('h')),
      );
      assert.equal(lines.at(-1), ':4');
    });

    it('kubectl __complete portguard scan -o "": the output formats', () => {
      const r = ok(
        sh('kubectl', ['__complete', 'portguard', 'scan', '-o', ''], { cwd: work, env }),
        'complete',
      );
      assert.deepEqual(r.stdout.trimEnd().split('\n'), [
        'table',
        'json',
        'yaml',
        'sarif',
        'junit',
        ':4',
      ]);
    });

    it('portguard-language-server --stdio answers initialize, with diagnostics linking the installed docs', async () => {
      const lsp = await lspSession(
        join(prefix, 'bin', 'portguard-language-server'),
        ['--stdio'],
        env,
        work,
      );
      assert.ok(lsp.init.capabilities.codeActionProvider, JSON.stringify(lsp.init));
      assertInstalledDoc(
        lsp.diagnostics[0],
        join(prefix, 'lib', 'node_modules', 'kubectl-portguard', 'docs'),
      );
      assertWorkers(lsp.started);
    });
  });

  describe('the single executable, with no node on PATH', () => {
    let dir: string;
    let env: NodeJS.ProcessEnv;
    before(() => {
      dir = join(work, 'sea');
      mkdirSync(dir);
      ok(
        sh('tar', ['-xzf', join(distDir, 'kubectl-portguard-linux-amd64.tar.gz'), '-C', dir]),
        'tar',
      );
      const emptyBin = join(work, 'empty-bin');
      mkdirSync(emptyBin);
      env = { PATH: emptyBin, HOME: join(work, 'sea-home'), TERM: 'xterm-256color' };
      assert.notEqual(sh('/bin/sh', ['-c', 'command -v node'], { env }).status, 0, 'node on PATH');
    });

    it('holds the executable, the completion shim and LICENSE', () => {
      assert.deepEqual(readdirSync(dir).sort(), [
        'LICENSE',
        'kubectl-portguard',
        'kubectl_complete-portguard',
      ]);
      assert.ok(statSync(join(dir, 'kubectl-portguard')).mode & 0o111);
    });

    it('scans a manifest', () => {
      const r = ok(
        sh(
          join(dir, 'kubectl-portguard'),
          ['scan', '-f', join(manifests, 'web.yaml'), '-o', 'json'],
          {
            cwd: manifests,
            env,
          },
        ),
        'scan',
        [1],
      );
      assert.deepEqual(
        JSON.parse(r.stdout).findings.map((f: any) => f.rule),
        ['host-port'],
      );
      // a second run uses what the first unpacked
      ok(sh(join(dir, 'kubectl-portguard'), ['version'], { cwd: work, env }), 'version');
    });

    it('runs the language server: kubectl-portguard language-server --stdio, docs included', async () => {
      const lsp = await lspSession(
        join(dir, 'kubectl-portguard'),
        ['language-server', '--stdio'],
        env,
        work,
      );
      assert.ok(lsp.init.capabilities.codeActionProvider, JSON.stringify(lsp.init));
      // the rule pages were unpacked with the code, into the user's cache
      assertInstalledDoc(lsp.diagnostics[0], join(env.HOME!, '.cache', 'portguard'));
      assertWorkers(lsp.started);
    });

    it("kubectl completes through the archive's kubectl_complete-portguard", () => {
      const kubectl = sh('/bin/sh', ['-c', 'command -v kubectl'], { env: userEnv() }).stdout.trim();
      const r = ok(
        sh(kubectl, ['__complete', 'portguard', 'explain', 'host-n'], {
          cwd: work,
          env: { ...env, PATH: `${dir}:/usr/bin:/bin` },
        }),
        'complete',
      );
      assert.deepEqual(
        r.stdout.split('\n').map((l) => l.split('\t')[0]),
        ['host-network', ':4', ''],
      );
    });

    it('starts the TUI (Ink, ESM with top-level await) on a terminal', async () => {
      const socket = `portguard-dist-${process.pid}`;
      const tmux = (...args: string[]) => sh('tmux', ['-L', socket, '-f', '/dev/null', ...args]);
      const cmd = `env -i PATH='${env.PATH}' HOME='${env.HOME}' TERM=xterm-256color ${join(dir, 'kubectl-portguard')} tui --demo`;
      ok(tmux('new-session', '-d', '-s', 'tui', '-x', '120', '-y', '30', cmd), 'tmux');
      try {
        // Waits for the screen, not for time: the demo's findings listed and watched.
        const deadline = Date.now() + 30_000;
        let screen = '';
        while (Date.now() < deadline) {
          screen = tmux('capture-pane', '-p', '-t', 'tui').stdout;
          if (/live: watching/.test(screen) && /[1-9]\d* findings/.test(screen)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.match(screen, /portguard · context portguard-demo/);
        assert.match(screen, /live: watching/, screen);
        assert.match(
          screen,
          /HIGH +(host-port|host-network|external-ips|nodeport-service)/,
          screen,
        );
      } finally {
        tmux('kill-server');
      }
    });
  });

  describe('the krew manifest', () => {
    let plugin: any;
    before(() => {
      plugin = parse(readFileSync(join(distDir, 'portguard.yaml'), 'utf8'));
    });

    it("has the structure krew's index validation asks for", () => {
      assert.equal(plugin.apiVersion, 'krew.googlecontainertools.github.com/v1alpha2');
      assert.equal(plugin.kind, 'Plugin');
      // the file is named after the plugin; the name is lowercase, no kubectl- prefix
      assert.equal(plugin.metadata.name, 'portguard');
      assert.match(plugin.metadata.name, /^[a-z0-9][a-z0-9-]*$/);
      assert.equal(plugin.spec.version, `v${version}`);
      assert.match(plugin.spec.version, /^v\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
      assert.ok(
        plugin.spec.shortDescription.length > 0 && plugin.spec.shortDescription.length <= 50,
      );
      assert.ok(plugin.spec.description.length > plugin.spec.shortDescription.length);
      assert.match(plugin.spec.caveats, /kubectl portguard scan/);
      assert.match(plugin.spec.homepage, /^https:\/\//);
      assert.equal(plugin.spec.platforms.length, 1);
      const [p] = plugin.spec.platforms;
      assert.deepEqual(p.selector, { matchLabels: { os: 'linux', arch: 'amd64' } });
      assert.match(p.uri, /^https:\/\/.+\/kubectl-portguard-linux-amd64\.tar\.gz$/);
      assert.match(p.sha256, /^[0-9a-f]{64}$/);
      assert.equal(p.bin, 'kubectl-portguard');
      for (const f of p.files) assert.ok(f.from && f.to, JSON.stringify(f));
    });

    it("the sha256 is the archive's, and the files and bin it names are in it", () => {
      const [p] = plugin.spec.platforms;
      const archive = join(distDir, 'kubectl-portguard-linux-amd64.tar.gz');
      assert.equal(p.sha256, sha256(archive));
      const listed = ok(sh('tar', ['-tzf', archive]), 'tar -t')
        .stdout.trim()
        .split('\n');
      for (const f of p.files) assert.ok(listed.includes(f.from), `${f.from} not in the archive`);
      assert.ok(listed.includes(p.bin));
    });
  });
});
