// Runs main() with injected I/O, as a process would, and captures what it writes.
import { Readable, Writable } from 'node:stream';
import { main, type MainIO } from '../../src/index.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** What stdin holds: text, bytes (a gzip log), or a stream the test feeds itself. */
  stdin?: string | Buffer | NodeJS.ReadableStream;
  /** Pretend stdin is a terminal (nothing piped in). */
  stdinTTY?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Pretend stdout is a terminal of this many columns. */
  tty?: { columns: number };
}

/** `runCli(['scan', '-f', 'x.yaml'], { cwd })` → exit code, stdout and stderr as text. */
export async function runCli(argv: string[], options: CliOptions): Promise<CliRun> {
  const stdout = capture();
  const stderr = capture();
  if (options.tty) Object.assign(stdout.stream, { isTTY: true, columns: options.tty.columns });
  const stdin =
    options.stdin === undefined ||
    typeof options.stdin === 'string' ||
    Buffer.isBuffer(options.stdin)
      ? Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)])
      : options.stdin;
  if (options.stdinTTY) Object.assign(stdin, { isTTY: true });
  const io: MainIO = {
    argv,
    stdin,
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: options.env ?? {},
    cwd: options.cwd,
  };
  const code = await main(io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A Writable whose _write runs synchronously, so everything written is there when main() resolves. */
function capture() {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      callback();
    },
  });
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}
