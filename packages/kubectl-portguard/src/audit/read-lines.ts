// Reads an audit log file as a stream of lines, plain or gzip (detected by its magic bytes, as rotated logs are).
// Lines are handed over as Buffer views, not strings: most are looked at as bytes and never decoded.
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
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
  const gzip = isGzip(path);
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  let input: Readable = file;
  if (gzip) {
    const gunzip = createGunzip();
    file.on('error', (e) => gunzip.destroy(e));
    input = file.pipe(gunzip);
  }
  let n = 0;
  let rest: Buffer | undefined;
  const emit = (line: Buffer) => {
    const end = line.length > 0 && line[line.length - 1] === CR ? line.length - 1 : line.length;
    onLine(end === line.length ? line : line.subarray(0, end), ++n);
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const buf = chunk;
      let from = 0;
      let nl = buf.indexOf(NL);
      if (rest !== undefined && nl >= 0) {
        emit(Buffer.concat([rest, buf.subarray(0, nl)]));
        rest = undefined;
        from = nl + 1;
        nl = buf.indexOf(NL, from);
      } else if (rest !== undefined) {
        rest = Buffer.concat([rest, buf]);
        continue;
      }
      while (nl >= 0) {
        emit(buf.subarray(from, nl));
        from = nl + 1;
        nl = buf.indexOf(NL, from);
      }
      if (from < buf.length) rest = Buffer.from(buf.subarray(from));
    }
  } catch (e) {
    // The line the stream broke in is cut: the caller names it as where the file ends early.
    return { lines: n, error: e as Error };
  }
  if (rest !== undefined && rest.length > 0) emit(rest);
  return { lines: n };
}
