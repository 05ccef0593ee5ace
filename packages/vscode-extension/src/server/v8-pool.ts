// How many V8 worker threads the server runs with (the VS Code extension reads this too: nothing here but node:os).
import { availableParallelism } from 'node:os';

const FLAG = '--v8-pool-size';

/** The pool-size flags in effect, in the order Node.js applies them: NODE_OPTIONS, then the command line. */
function poolFlags(execArgv: readonly string[], nodeOptions: string): string[] {
  return [...nodeOptions.split(/\s+/), ...execArgv].filter((a) => a.startsWith(FLAG));
}

/**
 * The Node.js flags the server is best started with on this machine. V8 runs four worker threads
 * by default (concurrent compiling and marking, parallel scavenges); on two cores they compete
 * with the editor for the CPU, and a reply to an edit waits a scheduler slice: p95 of an edit of
 * a 5,000-line file 5–6 ms with four, 3 ms with one (`pnpm bench lsp`). One is enough for a
 * language server's heap. Nothing when the user has set the pool size.
 */
export function serverNodeFlags(
  cores = availableParallelism(),
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): string[] {
  return poolFlags(execArgv, nodeOptions).length === 0 && cores <= 2 ? [`${FLAG}=1`] : [];
}

/** What the log says of the pool: `V8 workers: 1`, or the default; the last flag given wins. */
export function v8Workers(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): string {
  const flag = poolFlags(execArgv, nodeOptions).at(-1);
  return `V8 workers: ${flag?.split('=')[1] ?? 'default'}`;
}
