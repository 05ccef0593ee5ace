// A small independent LSP client over stdio for the protocol tests: framing, requests, waits on events.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverBin = join(repoRoot, 'packages/vscode-extension/bin/portguard-language-server');

interface Message {
  id?: number | string;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

interface Waiter {
  method: string;
  test: (params: any) => boolean;
  resolve: (params: any) => void;
}

/** Publishes a server sent, in order. */
export interface Published {
  uri: string;
  version?: number;
  diagnostics: any[];
}

/**
 * Speaks LSP to a spawned server. Every wait is on an event (a response, a notification) with a
 * timeout that fails with what was seen, never a sleep.
 */
export class LspClient {
  readonly proc: ChildProcessWithoutNullStreams;
  readonly published: Published[] = [];
  /**
   * How many publishes `published` keeps, oldest dropped first. An editor keeps only the latest
   * per document; a bench of thousands of big publishes sets this so its own heap stays small.
   */
  publishedLimit = Infinity;
  readonly logs: string[] = [];
  stderr = '';
  exited: number | null | undefined = undefined;
  private buffer = Buffer.alloc(0);
  private readonly inbox: Message[] = [];
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();
  private readonly waiters: Waiter[] = [];
  /** Answers to server → client requests, by method. */
  readonly handlers = new Map<string, (params: any) => unknown>([
    ['client/registerCapability', () => null],
    ['client/unregisterCapability', () => null],
    ['window/workDoneProgress/create', () => null],
    [
      'workspace/configuration',
      (p: any) =>
        p.items.map((i: any) =>
          this.sections ? (this.sections[i.section] ?? null) : this.settings,
        ),
    ],
  ]);
  /** What `workspace/configuration` answers for every item… */
  settings: unknown = {};
  /** …or, when set, per section (`yaml`, `http`, …). */
  sections: Record<string, unknown> | undefined;

  /** Starts `node <bin> <args>` in `env`; by default portguard's server with `--stdio`. */
  constructor(
    args: string[] = ['--stdio'],
    cwd = repoRoot,
    bin = serverBin,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.proc = spawn(process.execPath, [bin, ...args], { cwd, stdio: 'pipe', env });
    this.proc.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.proc.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.proc.on('exit', (code) => {
      this.exited = code;
      for (const p of this.pending.values())
        p.reject(new Error(`server exited (${code}): ${this.stderr}`));
      this.pending.clear();
    });
  }

  get alive(): boolean {
    return this.exited === undefined;
  }

  request<T = any>(method: string, params: unknown, timeoutMs = 20000): Promise<T> {
    const id = this.nextId++;
    this.send({ id, method, params });
    return withTimeout(
      new Promise<T>((resolve, reject) => this.pending.set(id, { resolve, reject })),
      timeoutMs,
      () => `no answer to ${method} within ${timeoutMs} ms; stderr: ${this.stderr.slice(-500)}`,
    );
  }

  notify(method: string, params: unknown): void {
    this.send({ method, params });
  }

  /** The first notification of `method` (from now on) whose params pass `test`. */
  waitFor(
    method: string,
    test: (params: any) => boolean = () => true,
    timeoutMs = 20000,
  ): Promise<any> {
    return withTimeout(
      new Promise((resolve) => this.waiters.push({ method, test, resolve })),
      timeoutMs,
      () =>
        `no ${method} passing the test within ${timeoutMs} ms; last published: ${JSON.stringify(this.published.slice(-3)).slice(0, 1500)}`,
    );
  }

  /** The diagnostics of `uri` for version `version` or a later one. */
  diagnosticsFor(uri: string, version?: number, timeoutMs = 20000): Promise<Published> {
    const ok = (p: Published) =>
      p.uri === uri && (version === undefined || (p.version ?? -1) >= version);
    const seen = [...this.published].reverse().find(ok);
    if (seen) return Promise.resolve(seen);
    return this.waitFor('textDocument/publishDiagnostics', ok, timeoutMs);
  }

  async initialize(
    rootUri: string | null,
    capabilities: unknown,
    initializationOptions?: unknown,
  ): Promise<any> {
    const result = await this.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities,
      initializationOptions,
    });
    this.notify('initialized', {});
    return result;
  }

  async shutdown(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    await this.request('shutdown', null).catch(() => undefined);
    this.notify('exit', null);
    await withTimeout(exited, 5000, () => 'server did not exit after shutdown').catch(() => {
      this.proc.kill();
    });
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }), 'utf8');
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: (\d+)/i.exec(header)?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.inbox.push(JSON.parse(body) as Message);
      if (this.inbox.length === 1) setImmediate(() => this.drain());
    }
  }

  /**
   * One message per turn of the event loop, as an editor handles them: a test that awaits one
   * notification and then waits for the next cannot miss it because both came in one chunk.
   */
  private drain(): void {
    const m = this.inbox[0];
    this.dispatch(m);
    this.inbox.shift();
    if (this.inbox.length > 0) setImmediate(() => this.drain());
  }

  private dispatch(m: Message): void {
    if (m.method && m.id !== undefined) {
      const handler = this.handlers.get(m.method);
      if (handler) this.send({ id: m.id, result: handler(m.params) ?? null });
      else
        this.send({
          id: m.id,
          error: { code: -32601, message: `unhandled ${m.method}` },
        } as Message);
      return;
    }
    if (m.method) {
      if (m.method === 'textDocument/publishDiagnostics') {
        this.published.push(m.params);
        if (this.published.length > this.publishedLimit) this.published.shift();
      }
      if (m.method === 'window/logMessage') this.logs.push(m.params.message);
      for (const w of [...this.waiters]) {
        if (w.method === m.method && w.test(m.params)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(m.params);
        }
      }
      return;
    }
    const p = this.pending.get(Number(m.id));
    if (!p) return;
    this.pending.delete(Number(m.id));
    if (m.error) p.reject(new Error(`${m.error.code}: ${m.error.message}`));
    else p.resolve(m.result);
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, why: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(why())), ms);
    }),
  ]);
}

/** Offset of an LSP position in `text` (UTF-16, as LSP counts by default). */
export function offsetAt(text: string, pos: { line: number; character: number }): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const eol = text.indexOf('\n', offset);
  const lineEnd = eol < 0 ? text.length : eol;
  return Math.min(offset + pos.character, lineEnd);
}

/** Applies a WorkspaceEdit's edits of `uri` (`changes` or `documentChanges`) to `text`. */
export function applyWorkspaceEdit(text: string, edit: any, uri: string): string {
  const edits: any[] =
    edit?.changes?.[uri] ??
    (edit?.documentChanges ?? [])
      .filter((d: any) => d.textDocument?.uri === uri)
      .flatMap((d: any) => d.edits);
  const resolved = edits
    .map((e, i) => ({
      start: offsetAt(text, e.range.start),
      end: offsetAt(text, e.range.end),
      text: e.newText as string,
      i,
    }))
    // Back to front; edits at the same place go in array order, as LSP says.
    .sort((a, b) => b.start - a.start || b.end - a.end || b.i - a.i);
  let out = text;
  let limit = Infinity;
  for (const e of resolved) {
    if (e.end > limit) throw new Error('overlapping edits in a WorkspaceEdit');
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    limit = e.start;
  }
  return out;
}
