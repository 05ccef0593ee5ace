// Starts the TUI on a terminal: alternate screen, Ink render, and back to the shell on quit.
import { render } from 'ink';
import type { MainIO } from '../io.js';
import { App } from './app/app.js';
import type { FindingsSource } from './findings-source.js';
import { ThemeContext, themeFor } from './theme.js';

export const NOT_A_TERMINAL =
  'the TUI needs a terminal; use kubectl portguard scan for non-interactive output';

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

/** True when both ends are a terminal: Ink needs raw mode on stdin and cursor control on stdout. */
export function isInteractive(io: Pick<MainIO, 'stdin' | 'stdout'>): boolean {
  return io.stdout.isTTY === true && io.stdin.isTTY === true;
}

/**
 * Runs the app until `q` and resolves to exit status 0. The alternate screen keeps the user's
 * scrollback intact and is left even when rendering throws.
 */
export async function runTui(source: FindingsSource, io: MainIO): Promise<number> {
  const stdout = io.stdout as NodeJS.WriteStream;
  stdout.write(ENTER_ALT_SCREEN);
  try {
    const instance = render(
      <ThemeContext.Provider value={themeFor(io.env)}>
        <App source={source} cwd={io.cwd} />
      </ThemeContext.Provider>,
      {
        stdout,
        stdin: io.stdin as NodeJS.ReadStream,
        stderr: io.stderr as NodeJS.WriteStream,
        exitOnCtrlC: false,
        patchConsole: true,
        incrementalRendering: true,
      },
    );
    await instance.waitUntilExit();
    return 0;
  } finally {
    stdout.write(LEAVE_ALT_SCREEN);
  }
}
