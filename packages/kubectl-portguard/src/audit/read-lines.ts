// Reads an audit log file as a stream of lines, plain or gzip (detected by its magic bytes, as rotated logs are).
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

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

/**
 * Calls `onLine` for each line of `path` in order. Resolves with the number of lines read and,
 * when the stream broke off (a truncated gzip file), the error that ended it — never rejects for
 * that, so the lines before it still count. Rejects only when the file cannot be opened.
 */
export async function forEachLine(
  path: string,
  onLine: (line: string, n: number) => void,
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
  let error: Error | undefined;
  const rl = createInterface({ input, crlfDelay: Infinity });
  input.on('error', (e) => {
    error = e;
    rl.close();
  });
  try {
    for await (const line of rl) onLine(line, ++n);
  } catch (e) {
    error = e as Error;
  }
  return { lines: n, error };
}
