// `tui --audit-log FILE`: the details pane says who created the object, from the log the API server wrote.
import './no-ci.js';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { createdByFromAudit, creationText } from '../../src/audit/index.js';
import { main } from '../../src/main.js';
import { LOG } from '../audit/audit-lines.js';
import { fakeTerminal } from './fake-terminal.js';

const here = dirname(fileURLToPath(import.meta.url));

function post(server: ApiServer, path: string, body: unknown, token: string, as?: string) {
  return new Promise<number>((resolve, reject) => {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
    };
    if (as) headers['Impersonate-User'] = as;
    const req = http.request(new URL(path, server.url), { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('created by, from audit logs', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'portguard-created-by-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers the admitted creates, by the identity findings carry', async () => {
    const log = join(dir, 'audit.log');
    writeFileSync(log, `${LOG.join('\n')}\n`);
    const createdBy = await createdByFromAudit([log]);
    const of = (kind: string, name: string) =>
      createdBy({ apiVersion: 'v1', kind, namespace: 'team-a', name });
    assert.equal(creationText(of('Pod', 'web')!), 'created by alice at 2026-11-30T10:00:00Z');
    assert.equal(of('Pod', 'api'), undefined, 'a refused create created nothing');
    assert.equal(of('Service', 'edge')?.user.username, 'alice', 'a Metadata-level create counts');
    assert.equal(of('Pod', 'nothing'), undefined);
  });

  it('a missing --audit-log is a one-line error before the screen is taken', async function () {
    this.timeout(30_000);
    const t = fakeTerminal({}, dir);
    let err = '';
    (t.io.stderr as PassThrough).on('data', (d) => (err += d));
    t.io.argv = ['tui', '--demo', '--audit-log', 'missing.log'];
    assert.equal(await main(t.io), 2);
    assert.equal(err, 'error: --audit-log missing.log: no such file or directory\n');
    assert.equal(t.output(), '');
  });

  it('the details pane of a live finding shows "created by … at …"', async function () {
    this.timeout(30_000);
    const log = join(dir, 'audit.log');
    const server = await startApiServer({
      state: readFileSync(join(here, 'fixtures/multi-tenant.yaml'), 'utf8'),
      users: [
        { name: 'admin', token: 'admin-token' },
        { name: 'alice', token: 'alice-token' },
      ],
      audit: { path: log },
    });
    try {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'intruder', namespace: 'team-b' },
        spec: {
          containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 22, hostPort: 4444 }] }],
        },
      };
      assert.equal(
        await post(server, '/api/v1/namespaces/team-b/pods', pod, 'alice-token', 'mallory'),
        201,
      );
      writeFileSync(join(dir, 'kubeconfig'), server.kubeconfig('admin'), { mode: 0o600 });
      const t = fakeTerminal({ NO_COLOR: '1' }, dir, 120, 40);
      t.io.argv = [
        'tui',
        '-A',
        '--kubeconfig',
        join(dir, 'kubeconfig'),
        '--audit-log',
        'audit.log',
      ];
      const exited = main(t.io);
      await t.waitForOutput('Pod/intruder', 0);
      const mark = t.output().length;
      t.type('/intruder\r');
      t.type('\r');
      await t.waitForOutput('Why it is risky here', mark);
      await t.waitForOutput(
        /created by alice \(as mallory\) at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/,
        mark,
      );
      t.type('\u001b');
      t.type('q');
      assert.equal(await exited, 0);
    } finally {
      await server.close();
    }
  });
});
