// forEachStreamLine: a stream's lines are handed out as they arrive (stdin is never read whole), plain or gzip.
import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { forEachStreamLine } from '../../src/audit/index.js';

/** Reads `stream`; each `next()` resolves when the reader has handed out one more line. */
function reader(stream: NodeJS.ReadableStream) {
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

  it('joins a line cut across several chunks, and a CRLF cut between two', async () => {
    // Readable.from hands each chunk over as it is (a PassThrough may join them).
    const chunks = ['a', 'b', 'c\r', '\nd', 'e\nf\n', '', 'g'].map((c) => Buffer.from(c));
    const r = reader(Readable.from(chunks));
    assert.deepEqual(await r.done, { lines: 4 });
    assert.deepEqual(r.seen, ['1:abc', '2:de', '3:f', '4:g']);
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
