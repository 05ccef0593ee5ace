// How many V8 worker threads the server runs with, and the re-start that sets it under --stdio.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';

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
 * Under --stdio, starts the server again in a child with `serverNodeFlags` and the same stdio,
 * and mirrors its exit; true when it did (the caller then starts nothing). The other transports
 * (VS Code's IPC) are started with the flags by their client.
 */
export function restartWithServerFlags(args: readonly string[]): boolean {
  const flags = serverNodeFlags();
  const entry = process.argv[1];
  if (flags.length === 0 || !args.includes('--stdio') || !entry) return false;
  const child = spawn(process.execPath, [...flags, ...process.execArgv, entry, ...args], {
    stdio: 'inherit',
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
