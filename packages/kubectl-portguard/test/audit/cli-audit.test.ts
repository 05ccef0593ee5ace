// `kubectl portguard audit` through main(): the contract's JSON, the table, --since, --fail-on and exit codes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.js';
import { LOG, hostPortPod, line } from './audit-lines.js';

describe('kubectl portguard audit', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-audit-cli-'));
    writeFileSync(join(dir, 'audit.log'), `${LOG.join('\n')}\n`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('-o json prints the contract shape, and exits 1 for an admitted certain finding', async () => {
    const r = await runCli(['audit', '-f', 'audit.log', '-o', 'json'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(report), ['events', 'skipped', 'summary']);
    assert.deepEqual(Object.keys(report.events[0]), [
      'auditID',
      'time',
      'verb',
      'user',
      'sourceIPs',
      'userAgent',
      'object',
      'rule',
      'severity',
      'message',
      'admitted',
      'certainty',
    ]);
    assert.deepEqual(report.skipped[0], { file: 'audit.log', line: 6, reason: 'not JSON' });
    assert.deepEqual(report.summary, { lines: 15, requests: 7, events: 7 });
    assert.equal(report.events[2].impersonatedUser.username, 'carol');
  });

  it('prints a table of who did what', async () => {
    const r = await runCli(['audit', '-f', 'audit.log', '--fail-on', 'none'], { cwd: dir });
    assert.equal(r.code, 0);
    const lines = r.stdout.split('\n');
    assert.match(lines[0], /^TIME\s+USER\s+VERB\s+OBJECT\s+RULE\s+SEVERITY\s+ADMITTED\s+MESSAGE$/);
    assert.match(
      lines[1],
      /^2026-11-30T10:00:00Z\s+alice\s+create\s+Pod\/team-a\/web\s+host-port\s+high\s+yes\s+container "app" uses hostPort 8080$/,
    );
    assert.match(
      lines[3],
      /bob \(as carol\)\s+patch\s+Pod\/team-a\/web\s+host-port\s+high\s+yes\s+possibly: /,
    );
    assert.ok(r.stdout.includes('skipped audit.log:6: not JSON\n'));
    assert.ok(r.stdout.endsWith('15 lines, 7 write requests judged, 7 events\n'));
  });

  it('names the first ten skipped lines in the table and counts the rest', async () => {
    writeFileSync(
      join(dir, 'junk.log'),
      Array.from({ length: 25 }, (_, i) => `junk ${i}`).join('\n'),
    );
    const r = await runCli(['audit', '-f', 'junk.log'], { cwd: dir });
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(
      [r.code, lines[0], lines[1], lines[10], lines[11], lines.at(-1)],
      [
        0,
        'No request in these logs introduced a finding.',
        'skipped junk.log:1: not JSON',
        'skipped junk.log:10: not JSON',
        '… and 15 more skipped lines (-o json lists them)',
        '25 lines, 0 write requests judged, 0 events',
      ],
    );
    assert.equal(
      JSON.parse((await runCli(['audit', '-f', 'junk.log', '-o', 'json'], { cwd: dir })).stdout)
        .skipped.length,
      25,
    );
  });

  it('exits 0 when only refused or possible requests are found, and with --since past them', async () => {
    writeFileSync(join(dir, 'denied.log'), `${LOG[4]}\n${LOG[8]}\n`);
    assert.equal((await runCli(['audit', '-f', 'denied.log'], { cwd: dir })).code, 0);
    const r = await runCli(['audit', '-f', 'audit.log', '--since', '1h', '-o', 'json'], {
      cwd: dir,
    });
    assert.deepEqual([r.code, JSON.parse(r.stdout).events], [0, []]);
    const recent = line('9', {
      verb: 'create',
      requestReceivedTimestamp: new Date().toISOString(),
      objectRef: { resource: 'pods', namespace: 'team-a', name: 'n', apiVersion: 'v1' },
      responseStatus: { code: 201 },
      responseObject: hostPortPod('n', 1),
    });
    writeFileSync(join(dir, 'recent.log'), `${recent}\n`);
    assert.equal(
      (
        await runCli(['audit', '-f', 'audit.log', '-f', 'recent.log', '--since', '1h'], {
          cwd: dir,
        })
      ).code,
      1,
    );
  });

  const bad: [string[], string][] = [
    [['audit', '-f', 'missing.log'], 'error: missing.log: no such file or directory\n'],
    [
      ['audit', '-f', 'audit.log', '--since', 'yesterday'],
      'error: --since: "yesterday" is not a duration (such as 24h, 90m or 7d)\n',
    ],
    [['audit', '-f', '.'], 'error: .: is a directory\n'],
  ];
  for (const [argv, stderr] of bad)
    it(`exits 2 for ${argv.slice(1).join(' ')}`, async () => {
      const r = await runCli(argv, { cwd: dir });
      assert.deepEqual([r.code, r.stderr, r.stdout], [2, stderr, '']);
    });

  it('exits 2 without -f', async () => {
    const r = await runCli(['audit'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: .*-f/);
  });
});
