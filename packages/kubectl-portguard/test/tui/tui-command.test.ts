// `kubectl portguard tui` through main(): the terminal check, and the live TUI over the project's API server.
import './no-ci.js';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { main } from '../../src/main.js';
import { fakeTerminal } from './fake-terminal.js';

const here = dirname(fileURLToPath(import.meta.url));
const NOT_A_TERMINAL =
  'error: the TUI needs a terminal; use kubectl portguard scan for non-interactive output\n';

function pipes(argv: string[]) {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const io = { argv, stdin: new PassThrough(), stdout, stderr, env: {}, cwd: here };
  return { io, out: () => out, err: () => err };
}

describe('tui: the command', () => {
  for (const argv of [['tui'], ['tui', '--demo'], ['scan', '--tui', '-A']]) {
    it(`${argv.join(' ')} without a terminal exits 2 pointing at scan`, async () => {
      const p = pipes(argv);
      assert.equal(await main(p.io as any), 2);
      assert.equal(p.err(), NOT_A_TERMINAL);
      assert.equal(p.out(), '');
    });
  }

  it('a missing kubeconfig is a one-line error before the screen is taken', async () => {
    const t = fakeTerminal({ HOME: '/nonexistent' }, here);
    let err = '';
    (t.io.stderr as PassThrough).on('data', (d) => (err += d));
    t.io.argv = ['tui', '--kubeconfig', join(here, 'no-such-kubeconfig')];
    assert.equal(await main(t.io), 2);
    assert.match(err, /^error: .*no-such-kubeconfig.*\n$/);
    assert.equal(t.output(), '');
  });

  it('scan --tui --demo opens the built-in demo cluster and q exits 0', async function () {
    this.timeout(30_000);
    const dir = mkdtempSync(join(tmpdir(), 'portguard-tui-demo-'));
    try {
      const t = fakeTerminal({ NO_COLOR: '1' }, dir);
      t.io.argv = ['scan', '--tui', '--demo'];
      const exited = main(t.io);
      await t.waitForOutput('context portguard-demo', 0);
      await t.waitForOutput('DaemonSet/ingress-nginx', 0);
      t.type('q');
      assert.equal(await exited, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('live, against the API server', function () {
    this.timeout(30_000);
    let server: ApiServer;
    let dir: string;
    before(async () => {
      server = await startApiServer({
        state: readFileSync(join(here, 'fixtures/multi-tenant.yaml'), 'utf8'),
      });
      dir = mkdtempSync(join(tmpdir(), 'portguard-tui-'));
      writeFileSync(join(dir, 'kubeconfig'), server.kubeconfig(), { mode: 0o600 });
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('shows the findings, follows a pod created and deleted on the server, and q exits 0', async () => {
      const t = fakeTerminal({ NO_COLOR: '1' }, dir);
      t.io.argv = ['tui', '-A', '--kubeconfig', join(dir, 'kubeconfig')];
      const exited = main(t.io);
      const first = await t.waitForOutput('● live', 0);
      assert.ok(first.startsWith('\u001b[?1049h'), 'enters the alternate screen');
      await t.waitForOutput('Deployment/web', 0);
      const total = Number([...t.output().matchAll(/· (\d+) findings/g)].at(-1)?.[1]);
      assert.ok(total > 0, 'the header counts findings');

      let mark = t.output().length;
      server.create({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'intruder', namespace: 'team-b' },
        spec: {
          containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 22, hostPort: 4444 }] }],
        },
      });
      await t.waitForOutput('Pod/intruder', mark);
      await t.waitForOutput(`· ${total + 1} findings`, mark);

      mark = t.output().length;
      server.delete({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'intruder', namespace: 'team-b' },
      });
      await t.waitForOutput(`· ${total} findings`, mark);

      mark = t.output().length;
      t.type('q');
      assert.equal(await exited, 0);
      assert.ok(t.output().slice(mark).endsWith('\u001b[?1049l'), 'leaves the alternate screen');
    });
  });
});
