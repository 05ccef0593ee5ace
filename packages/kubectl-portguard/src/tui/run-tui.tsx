// Starts the TUI on a terminal: alternate screen, Ink render, and back to the shell on quit.
// Pragmas so JSX compiles the same when tsx runs from a folder without this tsconfig (bench, e2e).
/** @jsxRuntime automatic @jsxImportSource react */
import { render } from 'ink';
import type { Finding } from '@portguard/core';
import type { MainIO } from '../io.js';
import { App } from './app/app.js';
import type { FindingsSource } from './findings-source.js';
import { ThemeContext, themeFor } from './theme.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

/**
 * Runs the app until `q` and resolves to exit status 0. The alternate screen keeps the user's
 * scrollback intact and is left even when rendering throws.
 */
export async function runTui(
  source: FindingsSource,
  io: MainIO,
  createdBy?: (finding: Finding) => string | undefined,
): Promise<number> {
  const stdout = io.stdout as NodeJS.WriteStream;
  stdout.write(ENTER_ALT_SCREEN);
  try {
    const instance = render(
      <ThemeContext.Provider value={themeFor(io.env)}>
        <App source={source} cwd={io.cwd} createdBy={createdBy} />
      </ThemeContext.Provider>,
      {
        stdout,
        stdin: io.stdin as NodeJS.ReadStream,
        stderr: io.stderr as NodeJS.WriteStream,
        exitOnCtrlC: false,
        patchConsole: true,
      },
    );
    await instance.waitUntilExit();
    return 0;
  } finally {
    stdout.write(LEAVE_ALT_SCREEN);
  }
}
