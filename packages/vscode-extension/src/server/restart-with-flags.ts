// Under --stdio, the server starts itself again with the Node.js flags of v8-pool.ts.
import { spawn } from 'node:child_process';
import { isSea } from 'node:sea';
import { serverNodeFlags } from './v8-pool.js';

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
