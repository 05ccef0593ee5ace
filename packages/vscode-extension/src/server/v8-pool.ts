// How many V8 worker threads the server runs with, and the re-start that sets it under --stdio.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { isSea } from 'node:sea';

const FLAG = '--v8-pool-size';

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
  const set = [...execArgv, ...nodeOptions.split(/\s+/)].some((a) => a.startsWith(FLAG));
  return !set && cores <= 2 ? [`${FLAG}=1`] : [];
}

/**
 * Starts this process again in a child with `serverNodeFlags` (through NODE_OPTIONS, which a
 * single executable reads too), on the same stdio and under the same name, and mirrors its exit;
 * true when it did (the caller then starts nothing). Only under --stdio: VS Code's IPC channel
 * cannot be handed on, so the extension starts the server with the flags itself.
 */
export function restartWithServerFlags(stdio: boolean): boolean {
  const flags = serverNodeFlags();
  if (flags.length === 0 || !stdio) return false;
  // A single executable puts its own path where a script would be: only the user's arguments.
  const args = isSea()
    ? process.argv.slice(2)
    : [...process.execArgv, process.argv[1], ...process.argv.slice(2)];
  const NODE_OPTIONS = [process.env.NODE_OPTIONS, ...flags].filter(Boolean).join(' ');
  const child = spawn(process.execPath, args, {
    stdio: 'inherit',
    argv0: process.argv0,
    env: { ...process.env, NODE_OPTIONS },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('error', (e) => {
    process.stderr.write(`portguard-language-server: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}

/** What the log says of the pool: `V8 workers: 1`, or the default. The command line wins over NODE_OPTIONS. */
export function v8Workers(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions = process.env.NODE_OPTIONS ?? '',
): string {
  const flag = [...nodeOptions.split(/\s+/), ...execArgv].findLast((a) => a.startsWith(FLAG));
  return `V8 workers: ${flag?.split('=')[1] ?? 'default'}`;
}
