// The listing progress line: terminals only, at most one redraw per 100 ms, erased once when done.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { progressLine } from '../../src/live/progress.js';

class Sink extends Writable {
  writes: string[] = [];
  constructor(readonly isTTY: boolean) {
    super();
  }
  override _write(chunk: Buffer, _e: string, cb: () => void) {
    this.writes.push(chunk.toString());
    cb();
  }
}

describe('progressLine', () => {
  it('draws nothing on a pipe', () => {
    const sink = new Sink(false);
    const p = progressLine(sink, 'listing');
    p.update(10);
    p.done();
    assert.deepEqual(sink.writes, []);
  });

  it('redraws at most every 100 ms on a terminal and erases itself once', () => {
    const sink = new Sink(true);
    let now = 1000;
    const p = progressLine(sink, 'listing', () => now);
    p.update(1);
    now += 50;
    p.update(2); // too soon: skipped
    now += 60;
    p.update(3);
    p.done();
    p.done();
    assert.deepEqual(sink.writes, [
      '\r\u001b[K⠋ listing: 1 objects listed',
      '\r\u001b[K⠙ listing: 3 objects listed',
      '\r\u001b[K',
    ]);
  });
});
