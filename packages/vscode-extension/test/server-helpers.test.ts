// The server's helpers: the debouncer coalesces, the workspace listing skips what is not a project's manifest.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Debouncer, validationDelay } from '../src/server/debouncer.js';
import { listManifests, MAX_FILE_BYTES, readManifest } from '../src/server/workspace-files.js';

describe('Debouncer', () => {
  it('runs once per key for a burst, after the last schedule', async () => {
    const runs: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    const d = new Debouncer(
      (key) => {
        runs.push(key);
        if (runs.length === 2) done();
      },
      () => 0,
    );
    for (let i = 0; i < 50; i++) d.schedule('a');
    d.schedule('b');
    assert.equal(d.isPending('a'), true);
    await finished;
    assert.deepEqual(runs.sort(), ['a', 'b']);
    assert.equal(d.isPending('a'), false);
  });

  for (const delay of [0, 3]) {
    it(`cancel and dispose drop what is pending (a wait of ${delay} ms)`, async () => {
      const runs: string[] = [];
      const d = new Debouncer(
        (k) => runs.push(k),
        () => delay,
      );
      d.schedule('a');
      d.schedule('b');
      d.schedule('c');
      d.cancel('a');
      assert.equal(d.isPending('a'), false);
      d.schedule('c'); // rescheduled: still one run
      await new Promise((r) => setTimeout(r, delay + 20));
      assert.deepEqual(runs.sort(), ['b', 'c']);
      d.schedule('d');
      d.dispose();
      assert.equal(d.isPending('d'), false);
      await new Promise((r) => setTimeout(r, delay + 20));
      assert.deepEqual(runs.sort(), ['b', 'c']);
    });
  }
});

describe('validationDelay', () => {
  const cases: [string, number, number, number][] = [
    ['a quick file: at once', 4, 0, 0],
    ['a slow file typed into faster than it validates: the rest of its last duration', 40, 15, 25],
    ['a slow file after a pause: at once', 40, 60, 0],
    ['never more than 250 ms', 2000, 10, 250],
  ];
  for (const [name, took, since, expected] of cases)
    it(name, () => assert.equal(validationDelay(took, since), expected));
});

describe('workspace files', () => {
  let dir: string;
  const k8s = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-ws-'));
    const files: Record<string, string> = {
      'a.yaml': k8s,
      'sub/b.yml': k8s,
      'sub/deeper/c.JSON': '{"apiVersion":"v1","kind":"Pod"}',
      'node_modules/x/d.yaml': k8s,
      '.git/e.yaml': k8s,
      'dist/f.yaml': k8s,
      'notes.txt': k8s,
      'package.json': '{"name":"x"}',
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, 'huge.yaml'), `${k8s}# ${'x'.repeat(MAX_FILE_BYTES)}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists YAML and JSON files, skipping hidden folders, dependencies and build output', async () => {
    const found = (await listManifests([dir])).map((p) => relative(dir, p)).sort();
    assert.deepEqual(found, [
      'a.yaml',
      'huge.yaml',
      'package.json',
      'sub/b.yml',
      'sub/deeper/c.JSON',
    ]);
  });

  it('reads manifests; not files without objects, too big or missing', async () => {
    assert.equal(await readManifest(join(dir, 'a.yaml')), k8s);
    assert.equal(await readManifest(join(dir, 'package.json')), undefined);
    assert.equal(await readManifest(join(dir, 'huge.yaml')), undefined);
    assert.equal(await readManifest(join(dir, 'missing.yaml')), undefined);
  });
});
