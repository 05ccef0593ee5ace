// Broken and hostile input: every problem is an error with file and line, the good file beside it still counts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  ftruncateSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_FILE_BYTES } from '../src/input/collect-files.js';
import { decodeManifest } from '../src/input/decode-text.js';
import { runCli } from './helpers/run-cli.js';
import { SCAN_FIXTURES } from './helpers/fixtures.js';

const nested = (n: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata:\n  a: ${'['.repeat(n)}${']'.repeat(n)}\n`;
const BOMB = `apiVersion: v1
kind: ConfigMap
metadata: {name: lol}
data:
  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`;

describe('hostile and broken input', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-hostile-'));
    copyFileSync(join(SCAN_FIXTURES, 'basic/web.yaml'), join(dir, 'good.yaml'));
    writeFileSync(join(dir, 'deep.yaml'), nested(50000));
    writeFileSync(join(dir, 'bomb.yaml'), BOMB);
    writeFileSync(
      join(dir, 'dupkey.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n',
    );
    writeFileSync(join(dir, 'tabs.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: a\n');
    writeFileSync(join(dir, 'bin.yaml'), Buffer.from([0x6b, 0x3a, 0x0a, 0x00, 0x01, 0x02]));
    writeFileSync(
      join(dir, 'latin1.yaml'),
      Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: caf\xe9}\n', 'latin1'),
    );
    writeFileSync(join(dir, 'empty.yaml'), '');
    writeFileSync(join(dir, 'comment.yaml'), '# nothing here\n---\n');
    writeFileSync(join(dir, 'scalar.yaml'), '"just a string"\n');
    writeFileSync(
      join(dir, 'list.yaml'),
      'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: s1, namespace: n}\n    spec: {type: NodePort}\n  - 42\n',
    );
    // A file past the size limit: sparse, so the test writes almost nothing.
    const fd = openSync(join(dir, 'huge.yaml'), 'w');
    ftruncateSync(fd, MAX_FILE_BYTES + 1);
    closeSync(fd);
    // A FIFO named like a manifest would block a naive reader forever; a link cycle would loop -R.
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    mkdirSync(join(dir, 'sub'));
    symlinkSync('..', join(dir, 'sub', 'up'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each with file and line, keeps the good documents, exit 2, no stack trace', async () => {
    const run = await runCli(['scan', '-f', dir, '-R', '-o', 'json'], { cwd: dir });
    assert.equal(run.code, 2);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(
      report.findings.map(
        (f: any) =>
          `${f.rule} ${f.object.name} ${f.file.slice(dir.length + 1)}:${f.range.start.line}`,
      ),
      [
        'host-port web good.yaml:20',
        'nodeport-service web good.yaml:28',
        'nodeport-service s1 list.yaml:7',
      ],
    );
    const expected: [string, number | undefined, RegExp][] = [
      ['bin.yaml', 2, /binary|NUL/],
      ['bomb.yaml', 1, /alias/],
      ['deep.yaml', 5, /nest|deep/],
      ['dupkey.yaml', 5, /duplicate key/],
      ['huge.yaml', undefined, /too large/],
      ['latin1.yaml', 3, /UTF-8/],
      ['list.yaml', 8, /not a Kubernetes object/],
      ['scalar.yaml', 1, /not a Kubernetes object/],
      ['tabs.yaml', 4, /tab/],
    ];
    assert.deepEqual(
      report.errors.map((e: any) => [e.file.slice(dir.length + 1), e.line]),
      expected.map(([f, l]) => [f, l]),
    );
    report.errors.forEach((e: any, i: number) => assert.match(e.message, expected[i][2]));
    const lines = run.stderr.trimEnd().split('\n');
    assert.equal(lines.length, expected.length);
    for (const l of lines) assert.match(l, /^error: \/\S+\.yaml(:\d+(:\d+)?)?: [^\n]+$/);
    assert.doesNotMatch(run.stderr, /\n\s+at /);
  });

  const unreadable: [string, () => string, string][] = [
    [
      'a path through a file',
      () => 'good.yaml/x.yaml',
      'not a directory (a file stands in the path)',
    ],
    [
      'a symbolic link cycle',
      () => {
        symlinkSync('cycle-b.yaml', join(dir, 'cycle-a.yaml'));
        symlinkSync('cycle-a.yaml', join(dir, 'cycle-b.yaml'));
        return 'cycle-a.yaml';
      },
      'too many levels of symbolic links (a link cycle?)',
    ],
    ['a name too long', () => `${'x'.repeat(300)}.yaml`, 'file name too long'],
  ];
  for (const [name, path, message] of unreadable) {
    it(`unreadable: ${name} → exit 2, one line`, async () => {
      const p = path();
      const run = await runCli(['scan', '-f', p], { cwd: dir });
      assert.deepEqual(run, { code: 2, stdout: '', stderr: `error: ${p}: ${message}\n` });
    });
  }

  it('stdin is scanned like a file', async () => {
    const run = await runCli(['scan', '-f', '-', '-o', 'json'], {
      cwd: dir,
      stdin: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {hostIPC: true}\n',
    });
    assert.equal(run.code, 1);
    assert.deepEqual(
      JSON.parse(run.stdout).findings.map((f: any) => `${f.rule} ${f.file}:${f.range.start.line}`),
      ['host-ipc <stdin>:4'],
    );
  });
});

describe('decodeManifest', () => {
  const text = 'kind: Pod\n';
  const cases: [string, Buffer, ReturnType<typeof decodeManifest>][] = [
    ['UTF-8', Buffer.from(text), { text }],
    [
      'UTF-8 with BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      { text },
    ],
    [
      'UTF-16 LE with BOM',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      { text },
    ],
    [
      'UTF-16 BE with BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
      { text },
    ],
    [
      'NUL on line 2',
      Buffer.from('a: 1\nb\u0000'),
      { error: 'binary data (a NUL byte), not a YAML or JSON manifest', line: 2 },
    ],
    [
      'Latin-1 on line 3',
      Buffer.from('a: 1\nb: 2\nc: \xe9\n', 'latin1'),
      { error: 'not UTF-8 text (save the file as UTF-8)', line: 3 },
    ],
  ];
  for (const [name, input, output] of cases) {
    it(name, () => assert.deepEqual(decodeManifest(input), output));
  }
});
