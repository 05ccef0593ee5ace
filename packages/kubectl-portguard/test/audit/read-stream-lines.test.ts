// forEachStreamLine: a stream's lines are handed out as they arrive (stdin is never read whole), plain or gzip.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createGzip } from 'node:zlib';
import { forEachStreamLine } from '../../src/audit/index.js';

/** Feeds `stream` by hand and resolves each `next()` when the reader has handed out one more line. */
function reader(stream: PassThrough) {
  const seen: string[] = [];
  let wake: (() => void) | undefined;
  const done = forEachStreamLine(stream, (line, n) => {
    seen.push(`${n}:${line.toString('utf8')}`);
    wake?.();
  });
  const next = () => new Promise<void>((r) => (wake = r));
  return { seen, done, next };
}

describe('forEachStreamLine', () => {
  it('hands out each plain line before the stream ends', async () => {
    const stdin = new PassThrough();
    const r = reader(stdin);
    let line = r.next();
    stdin.write('one\r\ntw');
    await line;
    assert.deepEqual(r.seen, ['1:one']);
    line = r.next();
    stdin.write('o\n');
    await line;
    stdin.end('three');
    assert.deepEqual(await r.done, { lines: 3 });
    assert.deepEqual(r.seen, ['1:one', '2:two', '3:three']);
  });

  it('hands out each gzip line before the stream ends', async () => {
    const stdin = new PassThrough();
    const gzip = createGzip();
    gzip.pipe(stdin);
    const r = reader(stdin);
    const line = r.next();
    gzip.write('first\n');
    gzip.flush();
    await line;
    assert.deepEqual(r.seen, ['1:first']);
    gzip.end('second\n');
    assert.deepEqual(await r.done, { lines: 2 });
    assert.deepEqual(r.seen, ['1:first', '2:second']);
  });

  it('a one-byte stream is one plain line; an empty one is none', async () => {
    const one = new PassThrough();
    const r = reader(one);
    one.end('\x1f');
    assert.deepEqual([await r.done, r.seen], [{ lines: 1 }, ['1:\x1f']]);
    const empty = new PassThrough();
    const e = reader(empty);
    empty.end();
    assert.deepEqual([await e.done, e.seen], [{ lines: 0 }, []]);
  });
});
