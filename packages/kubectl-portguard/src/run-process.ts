// What every bin does: main() on the real process, for `kubectl-portguard` and the bins that are one command of it.
import { main } from './main.js';

/**
 * Runs main() with the process's argv after `command` (e.g. `['__complete']` for
 * kubectl_complete-portguard) and sets the exit code.
 */
export async function runProcess(command: readonly string[] = []): Promise<void> {
  // A reader that stops early (`| head`) closes the pipe: end quietly, as other CLIs do, not with a stack.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') process.stderr.write(`error: cannot write the output: ${e.message}\n`);
    process.exit(e.code === 'EPIPE' ? (process.exitCode ?? 0) : 2);
  });
  process.exitCode = await main({
    argv: [...command, ...process.argv.slice(2)],
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
