// The TUI end to end: real kubectl runs the plugin in tmux against the project's API server; keys by send-keys, screen by capture-pane.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { startApiServer, type ApiServer } from '@portguard/apiserver';

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const STATE = join(root, 'packages/kubectl-portguard/test/tui/fixtures/multi-tenant.yaml');
// A tmux server of our own, so the test neither sees nor disturbs the user's sessions.
const SOCKET = `portguard-tui-${process.pid}`;
// pnpm puts node_modules/.bin (with another kubectl-portguard link) on PATH; kubectl would warn about the shadowing.
const basePath = (process.env.PATH ?? '')
  .split(':')
  .filter((p) => !p.includes('node_modules/.bin'));

const HOST_PORT_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'intruder', namespace: 'team-b' },
  spec: { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 22, hostPort: 4444 }] }] },
};

function tmux(...args: string[]) {
  return run('tmux', ['-L', SOCKET, '-f', '/dev/null', ...args], { encoding: 'utf8' });
}

interface Session {
  name: string;
  dir: string;
  /** The screen as text (with SGR codes when `escapes`). */
  screen(escapes?: boolean): Promise<string>;
  /** Polls the screen until `check` holds; fails with the last screen after `timeoutMs`. */
  waitFor(check: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  keys(...keys: string[]): Promise<void>;
  /** Resolves to the exit status the command wrote when it ended. */
  exitStatus(timeoutMs?: number): Promise<number>;
}

/** Starts `kubectl portguard <args>` in a detached tmux session of the given size. */
async function startSession(
  name: string,
  args: string,
  size: [number, number],
  env: Record<string, string>,
): Promise<Session> {
  const dir = mkdtempSync(join(tmpdir(), `portguard-tui-e2e-${name}-`));
  const status = join(dir, 'exit-status');
  const vars = Object.entries({
    PATH: [join(root, 'packages/kubectl-portguard/bin'), ...basePath].join(':'),
    HOME: process.env.HOME ?? dir,
    TERM: 'xterm-256color',
    ...env,
  })
    .map(([k, v]) => `${k}='${v}'`)
    .join(' ');
  // `env -i` drops CI and everything else of the test's environment; the status file tells how it exited.
  const command = `env -i ${vars} kubectl portguard ${args}; echo $? > ${status}; sleep 600`;
  await tmux(
    'new-session',
    '-d',
    '-s',
    name,
    '-x',
    String(size[0]),
    '-y',
    String(size[1]),
    '-c',
    dir,
    command,
  );
  await tmux('set-option', '-t', name, 'status', 'off');
  const screen = async (escapes = false) =>
    (await tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', name)).stdout;
  return {
    name,
    dir,
    screen,
    async waitFor(check, what, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < deadline) {
        last = await screen();
        if (check(last)) return last;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`timed out waiting for ${what}; screen:\n${last}`);
    },
    async keys(...keys) {
      await tmux('send-keys', '-t', name, ...keys);
    },
    async exitStatus(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (existsSync(status)) {
          const text = readFileSync(status, 'utf8');
          if (text.endsWith('\n')) return Number(text.trim());
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`the command did not exit; screen:\n${await screen()}`);
    },
  };
}

const selectedLine = (screen: string) => screen.split('\n').find((l) => l.startsWith('› ')) ?? '';

describe('kubectl portguard tui in tmux', function () {
  this.timeout(90_000);
  let server: ApiServer;
  let kubeconfig: string;
  let kdir: string;
  const sessions: Session[] = [];

  before(async () => {
    server = await startApiServer({ state: readFileSync(STATE, 'utf8') });
    kdir = mkdtempSync(join(tmpdir(), 'portguard-tui-e2e-'));
    kubeconfig = join(kdir, 'kubeconfig');
    writeFileSync(kubeconfig, server.kubeconfig(), { mode: 0o600 });
  });

  after(async () => {
    await tmux('kill-server').catch(() => undefined);
    await server.close();
    for (const s of sessions) rmSync(s.dir, { recursive: true, force: true });
    rmSync(kdir, { recursive: true, force: true });
  });

  it('120×40: matches scan -A, follows a hostPort pod created and deleted, keys work, w writes YAML, q exits 0', async () => {
    const env = { KUBECONFIG: kubeconfig, NO_COLOR: '1' };
    const s = await startSession('wide', 'tui -A', [120, 40], env);
    sessions.push(s);
    let screen = await s.waitFor(
      (x) => x.includes('● live') && x.includes('Deployment/web'),
      'the first listing',
    );

    // The same findings as `scan -A`: the header's counts are the scan's summary.
    const scan = await run(
      'kubectl',
      ['portguard', 'scan', '-A', '-o', 'json', '--fail-on', 'none'],
      {
        env: {
          PATH: [join(root, 'packages/kubectl-portguard/bin'), ...basePath].join(':'),
          HOME: process.env.HOME,
          KUBECONFIG: kubeconfig,
        },
        encoding: 'utf8',
      },
    );
    const { summary, findings } = JSON.parse(scan.stdout);
    const by = summary.bySeverity;
    assert.ok(
      screen.includes(
        `${by.high} high  ${by.medium} medium  ${by.low} low  ${by.info} info  · ${summary.findings} findings`,
      ),
      screen,
    );
    for (const f of findings as Array<{ object: { kind: string; name: string } }>) {
      assert.ok(
        screen.includes(`${f.object.kind}/${f.object.name}`),
        `${f.object.kind}/${f.object.name} is listed`,
      );
    }

    // A hostPort pod created on the server appears; deleted, it disappears.
    server.create(HOST_PORT_POD);
    screen = await s.waitFor((x) => x.includes('Pod/intruder'), 'the new hostPort pod', 5000);
    assert.match(screen, /HIGH +host-port +Pod\/intruder +container "c" uses hostPort 4444/);
    server.delete({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'intruder', namespace: 'team-b' },
    });
    await s.waitFor(
      (x) => !x.includes('Pod/intruder') && x.includes(`· ${summary.findings} findings`),
      'the pod gone',
      5000,
    );

    // A dropped connection shows the banner until the watch is back.
    const restore = server.injectFault({ hangUp: true });
    server.dropWatches();
    await s.waitFor((x) => x.includes('⚠ DISCONNECTED'), 'the disconnected banner', 10_000);
    restore();
    await s.waitFor(
      (x) => x.includes('● live') && !x.includes('DISCONNECTED'),
      'live again',
      20_000,
    );

    // Keys: move, filter, severity, help, details.
    const first = selectedLine(await s.screen());
    await s.keys('j');
    await s.waitFor(
      (x) => selectedLine(x) !== first && selectedLine(x) !== '',
      'j moves the selection',
    );
    await s.keys('G');
    await s.waitFor(
      (x) =>
        selectedLine(x).includes('Deployment/api') || selectedLine(x).includes('Namespace/team-b'),
      'G jumps to the last group',
    );
    await s.keys('s', 's', 's');
    screen = await s.waitFor((x) => x.includes('severity ≥ high'), 's three times: high only');
    assert.doesNotMatch(screen, /MEDIUM/);
    await s.keys('s');
    await s.waitFor((x) => !x.includes('severity ≥'), 's again: everything');
    await s.keys('?');
    await s.waitFor((x) => x.includes('Keys') && x.includes('cycle the minimum severity'), 'help');
    await s.keys('Escape');
    await s.waitFor((x) => x.includes('› '), 'help closed');
    await s.keys('/', 'team-a/web', 'Enter', 'g');
    await s.waitFor(
      (x) => x.includes('"team-a/web"') && /HIGH +host-port +Deployment\/web/.test(selectedLine(x)),
      'filtered to team-a/web, the first finding selected',
    );
    await s.keys('Enter');
    await s.waitFor(
      (x) => x.includes('Why it is risky here') && x.includes('Collides with'),
      'the details',
    );
    await s.keys('w');
    await s.waitFor(
      (x) => x.includes('wrote ./portguard-fix-deployment-team-a-web.yaml'),
      'w says where it wrote',
    );
    const docs = parseAllDocuments(
      readFileSync(join(s.dir, 'portguard-fix-deployment-team-a-web.yaml'), 'utf8'),
    );
    assert.deepEqual(
      docs.map((d) => [d.errors.length, d.toJS()?.kind]),
      [
        [0, 'Deployment'],
        [0, 'Service'],
      ],
    );
    await s.keys('Escape', 'n');
    await s.waitFor((x) => x.includes('Pick a namespace or tenant'), 'the picker');
    await s.keys('beta', 'Enter');
    await s.waitFor(
      (x) => x.includes('tenant beta') && !x.includes('Pick a'),
      'scoped to tenant beta',
    );

    await s.keys('q');
    assert.equal(await s.exitStatus(), 0);
    // Back on the normal screen: the alternate screen is left.
    await s.waitFor((x) => !x.includes('portguard · context'), 'the terminal restored');
  });

  it('80×24 fits and has colour; NO_COLOR has none', async () => {
    const coloured = await startSession('narrow', 'tui -A', [80, 24], { KUBECONFIG: kubeconfig });
    const plain = await startSession('plain', 'tui -A', [80, 24], {
      KUBECONFIG: kubeconfig,
      NO_COLOR: '1',
    });
    sessions.push(coloured, plain);
    for (const s of [coloured, plain]) {
      const screen = await s.waitFor(
        (x) => x.includes('● live') && x.includes('Deployment/web'),
        `${s.name}: the listing`,
      );
      const lines = screen.split('\n');
      assert.ok(
        lines[0].startsWith('portguard · context'),
        `${s.name}: the header is on the first row`,
      );
      assert.ok(
        lines.some((l) =>
          l.startsWith(
            '↑↓ move  ⏎ details  / filter  s severity  n namespace  w write  ? help  q quit',
          ),
        ),
        `${s.name}: the footer keys`,
      );
    }
    const colour = /\u001b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])(?:;[0-9;]*)?m/;
    assert.match(await coloured.screen(true), colour);
    assert.doesNotMatch(await plain.screen(true), colour);
    // A resize reflows the screen: header on top, footer keys cut to the new width.
    await tmux('resize-window', '-t', plain.name, '-x', '60', '-y', '16');
    const small = await plain.waitFor(
      (x) =>
        x
          .split('\n')
          .some(
            (l) =>
              l.startsWith('↑↓ move  ⏎ details  / filter  s severity') && l.trimEnd().endsWith('…'),
          ),
      'the footer at 60 columns',
    );
    assert.ok(small.startsWith('portguard · context'), small);
    assert.ok(
      small.split('\n').every((l) => l.length <= 60),
      small,
    );
    for (const s of [coloured, plain]) {
      await s.keys('q');
      assert.equal(await s.exitStatus(), 0);
    }
  });
});
