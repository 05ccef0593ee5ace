// Test helper: the real App in ink-testing-library at a chosen terminal size, with event-driven waits.
import './no-ci.js';
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { App } from '../../src/tui/app/app.js';
import type { FindingsSource } from '../../src/tui/findings-source.js';
import { ThemeContext } from '../../src/tui/theme.js';

export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  enter: '\r',
  escape: '\u001b',
  backspace: '\u007f',
} as const;

const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

export interface RenderedApp {
  /** The last frame as plain text. */
  frame(): string;
  /** Every frame written so far, plain. */
  frames(): string[];
  /** Types keys one write at a time, as a terminal would deliver them. */
  press(...keys: string[]): void;
  /** Resolves when a frame satisfies `check`; rejects with the last frame after `timeoutMs`. */
  waitFor(check: (frame: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  /** Resolves with `performance.now()` taken when the next frame is written (for the bench). */
  nextFrameAt(): Promise<number>;
  unmount(): void;
}

export function renderApp(
  source: FindingsSource,
  options: { columns?: number; rows?: number; color?: boolean; cwd?: string } = {},
): RenderedApp {
  const instance = render(
    createElement(
      ThemeContext.Provider,
      { value: { color: options.color ?? true } },
      createElement(App, { source, cwd: options.cwd ?? process.cwd() }),
    ),
  );
  const stdout = instance.stdout as unknown as NodeJS.EventEmitter & { write(s: string): boolean };
  const waiters = new Set<() => void>();
  const write = stdout.write;
  (stdout as any).write = (s: string) => {
    const r = write(s);
    for (const w of [...waiters]) w();
    return r;
  };
  const setSize = (columns: number, rows: number) => {
    Object.defineProperty(stdout, 'columns', { value: columns, configurable: true });
    Object.defineProperty(stdout, 'rows', { value: rows, configurable: true });
    stdout.emit('resize');
  };
  setSize(options.columns ?? 100, options.rows ?? 24);
  return {
    frame: () => plain(instance.lastFrame() ?? ''),
    frames: () => instance.frames.map(plain),
    press(...keys) {
      for (const k of keys) instance.stdin.write(k);
    },
    waitFor(check, what, timeoutMs = 3000) {
      return new Promise((resolve, reject) => {
        const test = () => {
          const f = plain(instance.lastFrame() ?? '');
          if (!check(f)) return false;
          waiters.delete(onWrite);
          clearTimeout(timer);
          resolve(f);
          return true;
        };
        const onWrite = () => void test();
        const timer = setTimeout(() => {
          waiters.delete(onWrite);
          reject(
            new Error(
              `timed out waiting for ${what}; last frame:\n${plain(instance.lastFrame() ?? '')}`,
            ),
          );
        }, timeoutMs);
        waiters.add(onWrite);
        test();
      });
    },
    resize: setSize,
    nextFrameAt() {
      return new Promise((resolve) => {
        const once = () => {
          waiters.delete(once);
          resolve(performance.now());
        };
        waiters.add(once);
      });
    },
    unmount: () => instance.unmount(),
  };
}
