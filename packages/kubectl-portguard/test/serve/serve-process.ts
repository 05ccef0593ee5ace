// `kubectl portguard serve` as a child process for the e2e tests: its JSON log lines as events, stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const ENTRY = join(here, 'cli-entry.ts');

export type LogLine = Record<string, any> & { level: string; msg: string; time: string };

/** A running serve: every log line so far, and a way to wait for the next one that matches. */
export class ServeProcess {
  readonly logs: LogLine[] = [];
  stderr = '';
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    let buf = '';
    child.stdout!.on('data', (c: Buffer) => {
      buf += c.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        this.logs.push(JSON.parse(line) as LogLine);
      }
      this.wake();
    });
    child.stderr!.on('data', (c: Buffer) => {
      this.stderr += c.toString();
      this.wake();
    });
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => (this.wake(), resolve(code))),
    );
  }

  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }

  /**
   * Resolves with the first log line (from index `from`) that matches; rejects after `ms`
   * with what was logged, or when the process exits first.
   */
  async waitFor(match: (l: LogLine) => boolean, ms: number, from = 0): Promise<LogLine> {
    const deadline = Date.now() + ms;
    let exited = false;
    void this.exited.then(() => (exited = true));
    for (;;) {
      const hit = this.logs.slice(from).find(match);
      if (hit) return hit;
      if (exited || this.child.exitCode !== null)
        throw new Error(`serve exited (${this.child.exitCode}): ${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching log line within ${ms} ms; logged:\n${this.logs.map((l) => JSON.stringify(l)).join('\n')}\n${this.stderr}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => (clearTimeout(t), resolve()));
      });
    }
  }

  /** SIGTERM by PID; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.pid) process.kill(this.child.pid, 'SIGTERM');
    return this.exited;
  }
}

/** Spawns `kubectl portguard serve ARGS` from the sources and waits for its `started` line. */
export async function startServeProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ serve: ServeProcess; started: LogLine }> {
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', ENTRY, 'serve', ...args],
    {
      env: { PATH: process.env.PATH, HOME: '/nonexistent-home', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const serve = new ServeProcess(child);
  try {
    const started = await serve.waitFor((l) => l.msg === 'started', 30_000);
    return { serve, started };
  } catch (e) {
    await serve.stop();
    throw e;
  }
}

const run = promisify(execFile);

/** The real kubectl with `kubeconfig`; resolves to its output, rejects with stderr on a non-zero exit. */
export async function kubectl(
  kubeconfig: string,
  args: string[],
  stdin?: string,
): Promise<{ stdout: string; stderr: string }> {
  const p = run('kubectl', ['--kubeconfig', kubeconfig, ...args], {
    env: { PATH: process.env.PATH, HOME: '/nonexistent-home' },
  });
  if (stdin !== undefined) {
    p.child.stdin!.end(stdin);
  }
  return p;
}

/** GETs `url` (serve's plain-HTTP endpoints): status and body. */
export async function fetchText(url: string): Promise<{ status: number; text: string }> {
  const res = await fetch(url);
  return { status: res.status, text: await res.text() };
}
