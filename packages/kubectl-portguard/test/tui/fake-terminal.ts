// Test helper: stdin/stdout that claim to be a terminal, so main() runs the real TUI in-process.
import { PassThrough, Writable } from 'node:stream';
import type { MainIO } from '../../src/io.js';

export interface FakeTerminal {
  io: MainIO;
  /** Everything written to stdout so far. */
  output(): string;
  /** Resolves when `text` appears in what is written after `from` (an output() length). */
  waitForOutput(text: string | RegExp, from: number, timeoutMs?: number): Promise<string>;
  type(keys: string): void;
}

export function fakeTerminal(
  env: NodeJS.ProcessEnv,
  cwd: string,
  columns = 100,
  rows = 30,
): FakeTerminal {
  let out = '';
  const waiters = new Set<() => void>();
  const stdout = Object.assign(
    new Writable({
      write(chunk, _enc, cb) {
        out += chunk.toString();
        for (const w of [...waiters]) w();
        cb();
      },
    }),
    { isTTY: true, columns, rows },
  );
  const stdin = Object.assign(new PassThrough(), {
    isTTY: true,
    setRawMode: () => stdin,
    ref: () => stdin,
    unref: () => stdin,
  });
  const stderr = new PassThrough();
  return {
    io: { argv: [], stdin, stdout, stderr, env, cwd } as unknown as MainIO,
    output: () => out,
    type: (keys) => void stdin.write(keys),
    waitForOutput(text, from, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const tail = out.slice(from);
          if (typeof text === 'string' ? !tail.includes(text) : !text.test(tail)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(tail);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `timed out waiting for ${String(text)}; output after mark:\n${out.slice(from).slice(-2000)}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
