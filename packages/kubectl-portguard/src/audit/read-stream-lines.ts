// Reads an audit log from a stream (stdin for `-f -`) line by line, plain or gzip by its first two bytes.
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { chunkLines } from './read-lines.js';

/**
 * As `forEachLine`, for a stream that has no name to guess from and cannot be read twice: peeks
 * at the first chunks until two bytes are in (gzip's 1f 8b), then splits the stream, gunzipped
 * or not, as it comes. Never rejects: a stream that breaks off resolves with its error.
 */
export async function forEachStreamLine(
  stream: NodeJS.ReadableStream,
  onLine: (line: Buffer, n: number) => void,
): Promise<{ lines: number; error?: Error }> {
  const chunks = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let size = 0;
  try {
    while (size < 2) {
      const next = await chunks.next();
      if (next.done) break;
      head.push(asBuffer(next.value));
      size += head.at(-1)!.length;
    }
  } catch (e) {
    return { lines: 0, error: e as Error };
  }
  async function* all(): AsyncGenerator<Buffer> {
    yield* head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      yield asBuffer(next.value);
  }
  const first = Buffer.concat(head.slice(0, 2));
  if (!(first[0] === 0x1f && first[1] === 0x8b)) return chunkLines(all(), onLine);
  const gunzip = createGunzip({ chunkSize: 1 << 18 });
  // pipeline destroys gunzip with the stream's error, so reading gunzip ends with it.
  pipeline(Readable.from(all()), gunzip, () => {});
  return chunkLines(gunzip, onLine);
}

const asBuffer = (c: Buffer | string) => (typeof c === 'string' ? Buffer.from(c) : c);
