// Reads an audit log file as a stream of lines, plain or gzip (detected by its magic bytes, as rotated logs are).
// Lines are handed over as Buffer views, not strings: most are looked at as bytes and never decoded.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';

/** True when the file starts with gzip's magic bytes (1f 8b). */
export function isGzip(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

const NL = 0x0a;
const CR = 0x0d;

/**
 * Calls `onLine` with each line of `path` (a view into the read buffer, without its `\n` or
 * `\r\n`; copy it to keep it) and its 1-based number. Resolves with the number of lines and,
 * when the stream broke off (a truncated gzip file), the error that ended it — never rejects for
 * that, so the lines before it still count. Rejects only when the file cannot be opened.
 */
export async function forEachLine(
  path: string,
  onLine: (line: Buffer, n: number) => void,
): Promise<{ lines: number; error?: Error }> {
  return isGzip(path) ? gzipLines(path, onLine) : plainLines(path, onLine);
}

/** Hands out the complete lines of `buf[0, filled)`; returns where the unfinished last line starts. */
function splitLines(buf: Buffer, filled: number, emit: (line: Buffer) => void): number {
  const view = filled === buf.length ? buf : buf.subarray(0, filled);
  let from = 0;
  let nl = view.indexOf(NL);
  while (nl >= 0) {
    emit(view.subarray(from, nl));
    from = nl + 1;
    nl = view.indexOf(NL, from);
  }
  return from;
}

function emitter(onLine: (line: Buffer, n: number) => void) {
  let n = 0;
  return {
    emit(line: Buffer) {
      const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
      onLine(end === line.length ? line : line.subarray(0, end), ++n);
    },
    count: () => n,
  };
}

/**
 * A plain file is read into one reused 1 MiB buffer (grown only for a longer line): no garbage per
 * chunk, so a 1 GB log is read in the memory of one buffer.
 */
async function plainLines(
  path: string,
  onLine: (line: Buffer, n: number) => void,
): Promise<{ lines: number; error?: Error }> {
  const fh = await open(path, 'r');
  const out = emitter(onLine);
  try {
    let buf = Buffer.allocUnsafe(1 << 20);
    let filled = 0;
    for (;;) {
      if (filled === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const { bytesRead } = await fh.read(buf, filled, buf.length - filled, null);
      if (bytesRead === 0) break;
      const end = filled + bytesRead;
      const from = splitLines(buf, end, out.emit);
      buf.copy(buf, 0, from, end);
      filled = end - from;
    }
    if (filled > 0) out.emit(buf.subarray(0, filled));
  } catch (e) {
    return { lines: out.count(), error: e as Error };
  } finally {
    await fh.close();
  }
  return { lines: out.count() };
}

/** A gzip file through zlib, its chunks split as they come; a truncated file ends with its error. */
function gzipLines(
  path: string,
  onLine: (line: Buffer, n: number) => void,
): Promise<{ lines: number; error?: Error }> {
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  file.on('error', (e) => gunzip.destroy(e));
  return chunkLines(file.pipe(gunzip), onLine);
}

/**
 * Splits chunks into lines as they come (stdin, a gunzip stream). Whole lines are views into their
 * chunk; only a line cut by a chunk's end is copied, into one reused buffer: no chunk is copied
 * whole, so reading makes no garbage beyond the chunks themselves. Resolves with the error that
 * broke the input off, if one did.
 */
export async function chunkLines(
  input: AsyncIterable<Buffer>,
  onLine: (line: Buffer, n: number) => void,
): Promise<{ lines: number; error?: Error }> {
  const out = emitter(onLine);
  let carry = Buffer.allocUnsafe(1 << 16);
  let carried = 0;
  const keep = (bytes: Buffer) => {
    if (carried + bytes.length > carry.length) {
      const bigger = Buffer.allocUnsafe(Math.max(carry.length * 2, carried + bytes.length));
      carry.copy(bigger, 0, 0, carried);
      carry = bigger;
    }
    carried += bytes.copy(carry, carried);
  };
  try {
    for await (const chunk of input) {
      let from = 0;
      if (carried > 0) {
        const nl = chunk.indexOf(NL);
        keep(nl < 0 ? chunk : chunk.subarray(0, nl));
        if (nl < 0) continue;
        out.emit(carry.subarray(0, carried));
        carried = 0;
        from = nl + 1;
      }
      from += splitLines(from ? chunk.subarray(from) : chunk, chunk.length - from, out.emit);
      if (from < chunk.length) keep(chunk.subarray(from));
    }
  } catch (e) {
    // The line the stream broke in is cut: the caller names it as where the file ends early.
    return { lines: out.count(), error: e as Error };
  }
  if (carried > 0) out.emit(carry.subarray(0, carried));
  return { lines: out.count() };
}
