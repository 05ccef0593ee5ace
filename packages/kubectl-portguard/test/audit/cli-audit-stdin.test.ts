// `kubectl portguard audit -f -` through main() with an injected stdin: plain or gzip, mixed with files, bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { runCli } from '../helpers/run-cli.js';
import { LOG } from './audit-lines.js';

const TEXT = `${LOG.join('\n')}\n`;
const json = (stdout: string) => JSON.parse(stdout);

describe('kubectl portguard audit -f - (stdin)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-audit-stdin-'));
    writeFileSync(join(dir, 'audit.log'), TEXT);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const inputs: [string, string | Buffer][] = [
    ['plain', TEXT],
    ['gzip (by its magic bytes)', gzipSync(TEXT)],
  ];
  for (const [what, stdin] of inputs)
    it(`reads a ${what} log as the same file would be read, naming it <stdin>`, async () => {
      const file = await runCli(['audit', '-f', 'audit.log', '-o', 'json'], { cwd: dir });
      const piped = await runCli(['audit', '-f', '-', '-o', 'json'], { cwd: dir, stdin });
      assert.equal(piped.code, 1, piped.stderr);
      const [a, b] = [json(file.stdout), json(piped.stdout)];
      assert.deepEqual(b.events, a.events);
      assert.deepEqual(b.summary, { lines: 15, requests: 7, events: 7 });
      assert.deepEqual(b.skipped, [
        { file: '<stdin>', line: 6, reason: 'not JSON' },
        { file: '<stdin>', line: 11, reason: 'not JSON' },
        { file: '<stdin>', line: 15, reason: 'not an audit.k8s.io Event' },
      ]);
    });

  it('--filename - and a gzip split before its second magic byte read the same', async () => {
    const gz = gzipSync(TEXT);
    const stdin = Readable.from([gz.subarray(0, 1), gz.subarray(1, 9), gz.subarray(9)]);
    const r = await runCli(['audit', '--filename', '-', '-o', 'json'], { cwd: dir, stdin });
    assert.deepEqual([r.code, json(r.stdout).summary], [1, { lines: 15, requests: 7, events: 7 }]);
  });

  it('reads files and stdin in the order given, following an object from one to the next', async () => {
    writeFileSync(join(dir, 'old.log'), `${LOG.slice(0, 5).join('\n')}\n`);
    const stdin = gzipSync(`${LOG.slice(5).join('\n')}\n`);
    const r = await runCli(['audit', '-f', 'old.log', '-f', '-', '-o', 'json'], {
      cwd: dir,
      stdin,
    });
    const report = json(r.stdout);
    // The relabel on stdin's line 2 keeps the hostPort that old.log's create opened: not reported.
    assert.deepEqual(
      report.events.map((e: any) => e.auditID.slice(-2)),
      ['04', '05', '08', '09', '09', '09', '10'],
    );
    assert.deepEqual(report.skipped, [
      { file: '<stdin>', line: 1, reason: 'not JSON' },
      { file: '<stdin>', line: 6, reason: 'not JSON' },
      { file: '<stdin>', line: 10, reason: 'not an audit.k8s.io Event' },
    ]);
    assert.equal(report.summary.lines, 15);
  });

  it('names broken stdin lines in the table as <stdin>:LINE and reads on', async () => {
    const r = await runCli(['audit', '-f', '-'], { cwd: dir, stdin: `junk\n${LOG[3]}\n{"a":\n` });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /alice\s+create\s+Pod\/team-a\/web\s+host-port/);
    assert.ok(r.stdout.includes('skipped <stdin>:1: not JSON\nskipped <stdin>:3: not JSON\n'));
    assert.ok(r.stdout.endsWith('3 lines, 1 write requests judged, 1 events\n'));
  });

  it('a file named - is read as ./-, not as stdin', async () => {
    writeFileSync(join(dir, '-'), TEXT);
    const r = await runCli(['audit', '-f', './-', '-o', 'json'], { cwd: dir, stdinTTY: true });
    assert.deepEqual([r.code, json(r.stdout).skipped[0].file], [1, './-']);
  });

  it('an empty stdin is zero lines and zero events, not an error', async () => {
    for (const stdin of ['', Readable.from([])]) {
      const r = await runCli(['audit', '-f', '-', '-o', 'json'], { cwd: dir, stdin });
      assert.deepEqual(
        [r.code, r.stderr, json(r.stdout)],
        [0, '', { events: [], skipped: [], summary: { lines: 0, requests: 0, events: 0 } }],
      );
    }
  });

  it('a stdin that breaks off is read up to there, like a truncated gzip file', async () => {
    const cut = gzipSync(TEXT);
    const r = await runCli(['audit', '-f', '-', '-o', 'json'], {
      cwd: dir,
      stdin: cut.subarray(0, cut.length - 12),
    });
    const { skipped, summary } = json(r.stdout);
    assert.deepEqual(skipped.at(-1), {
      file: '<stdin>',
      line: summary.lines + 1,
      reason: 'the file ends early: unexpected end of file',
    });
    // One line, then an I/O error once the reader asks for more (hwm 1: not before it took the line).
    let reads = 0;
    const failing = new Readable({
      highWaterMark: 1,
      read() {
        if (reads++ === 0) this.push(`${LOG[3]}\n`);
        else setImmediate(() => this.destroy(new Error('EIO: i/o error, read')));
      },
    });
    const broken = await runCli(['audit', '-f', '-', '-o', 'json'], { cwd: dir, stdin: failing });
    assert.deepEqual(
      [broken.code, json(broken.stdout).skipped],
      [1, [{ file: '<stdin>', line: 2, reason: 'the file ends early: EIO: i/o error, read' }]],
    );
  });

  const usage: [string, string[], boolean, string][] = [
    [
      '- given twice',
      ['audit', '-f', '-', '-f', 'audit.log', '-f', '-'],
      false,
      'error: stdin (-) can be given only once\n',
    ],
    [
      'stdin a terminal',
      ['audit', '-f', 'audit.log', '-f', '-'],
      true,
      'error: -f - reads an audit log from stdin, but stdin is a terminal: pipe one in (zcat audit.log.1.gz | kubectl portguard audit -f -) or name the file\n',
    ],
  ];
  for (const [what, argv, stdinTTY, stderr] of usage)
    it(`exits 2 with one line, reading nothing, for ${what}`, async () => {
      // Never ended: reading it would hang the test until its timeout.
      const r = await runCli(argv, { cwd: dir, stdin: new PassThrough(), stdinTTY });
      assert.deepEqual([r.code, r.stderr, r.stdout], [2, stderr, '']);
    });

  it('a terminal stdin is fine when no -f - asks for it', async () => {
    const r = await runCli(['audit', '-f', 'audit.log', '--fail-on', 'none'], {
      cwd: dir,
      stdin: new PassThrough(),
      stdinTTY: true,
    });
    assert.equal(r.code, 0, r.stderr);
  });
});
