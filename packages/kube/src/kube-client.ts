// A narrow HTTP client for the Kubernetes API: auth through @kubernetes/client-node, errors as one safe line.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { ClusterError } from './errors.js';
import { describeRequest } from './describe-request.js';
import { formatDuration } from './duration.js';
import type { LoadedKubeconfig } from './load-kubeconfig.js';

/** A non-2xx answer from the API server, with the Status it sent. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason?: string,
    /** The `Retry-After` the server sent, in ms. */
    readonly retryAfterMs?: number,
    /** How many times the request was sent before this answer was kept. */
    public attempts = 1,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A 401: the one-line ClusterError, and which credential (see KubeClient.generation) was refused. */
class Unauthorized extends ClusterError {
  constructor(
    message: string,
    readonly generation: number,
  ) {
    super(message);
  }
}

/** How a client retries idempotent GETs, as client-go does: Retry-After, bounded backoff. */
export interface RetryPolicy {
  /** Sends at most this many times in all (default 5). */
  attempts: number;
  /** First backoff (default 250 ms), doubled each time up to `maxMs` (default 4 s). */
  initialMs: number;
  maxMs: number;
  /** A longer Retry-After than this is not waited for (default 60 s). */
  maxRetryAfterMs: number;
}

export interface KubeClientOptions {
  /** Sockets kept open to the server: the bound on concurrent requests (default 8). */
  maxSockets?: number;
  /** Each GET gives up after this long (default 30 s; 0: never), as kubectl's --request-timeout. */
  requestTimeoutMs?: number;
  /** No request or retry runs past this time (Date.now() ms): the bound on a whole scan. */
  deadline?: number;
  /** How the deadline is named in messages (`the scan's 2m0s bound`). */
  deadlineLabel?: string;
  retry?: Partial<RetryPolicy>;
}

const DEFAULT_RETRY: RetryPolicy = {
  attempts: 5,
  initialMs: 250,
  maxMs: 4000,
  maxRetryAfterMs: 60_000,
};

/** A transport failure (no HTTP answer, or half of one), before it is worded for the user. */
class TransportError extends Error {
  constructor(
    readonly code: string,
    readonly why: string,
  ) {
    super(why);
  }
}

/** Connection failures that mean the server is not there at all: not retried, as kubectl does not. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** Failures of one connection that a new one may not have (client-go: IsConnectionReset, IsProbableEOF). */
const TRANSIENT = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNABORTED']);
/** Answers worth asking again: throttled, or a server (or proxy in front of it) failing for a moment. */
const RETRIED_STATUS = new Set([429, 500, 502, 503, 504]);

/** `Retry-After: 3` (seconds) or an HTTP date, in ms; undefined when absent or unreadable. */
function retryAfterMs(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (v === undefined || v.trim() === '') return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Reads a 2xx answer's body as it streams, instead of JSON.parse of the whole text (a SyntaxError: not JSON). */
export type BodyDecoder = (body: AsyncIterable<Buffer>) => Promise<any>;

/** A watch event as the API server streams it. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: Record<string, any>;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  ETIMEDOUT: 'timed out',
  ECONNRESET: 'connection reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
};

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Talks to one API server with the credentials of one kubeconfig context. */
export class KubeClient {
  readonly server: string;
  readonly context: string;
  private agent?: http.Agent;
  private tlsOptions: https.RequestOptions = {};
  private readonly maxSockets: number;
  private readonly requestTimeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(
    private readonly loaded: LoadedKubeconfig,
    options: KubeClientOptions | number = {},
  ) {
    const o = typeof options === 'number' ? { maxSockets: options } : options;
    this.server = loaded.server;
    this.context = loaded.context;
    this.maxSockets = o.maxSockets ?? 8;
    this.requestTimeoutMs = o.requestTimeoutMs ?? 30_000;
    this.retry = { ...DEFAULT_RETRY, ...o.retry };
    this.deadline = o.deadline;
    this.deadlineLabel = o.deadlineLabel ?? 'the time allowed';
  }

  private readonly deadline?: number;
  private readonly deadlineLabel: string;
  /** Bumped at each refresh after a 401, so concurrent 401s of one credential refresh it once. */
  private generation = 0;
  /** The credential the last refresh gave has not been accepted yet: if refused, refresh no more. */
  private unconfirmed = false;

  /** Removes every credential of the kubeconfig from `text` (defence in depth for messages). */
  redact(text: string): string {
    let out = text;
    for (const s of this.loaded.secrets) if (s.length >= 4) out = out.split(s).join('***');
    return out.replace(/(Bearer\s+)\S+/gi, '$1***');
  }

  /**
   * Headers for one request: a fresh token from an exec plugin when the cached one expired, and
   * the generation of the credential they carry.
   */
  private async prepare(): Promise<{ options: https.RequestOptions; generation: number }> {
    const generation = this.generation;
    const opts: https.RequestOptions = {};
    try {
      await this.loaded.kc.applyToHTTPSOptions(opts);
    } catch (e) {
      throw new ClusterError(
        this.redact(`cannot authenticate to the cluster at ${this.server}: ${this.authFailure(e)}`),
      );
    }
    if (!this.agent) {
      this.tlsOptions = {
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        rejectUnauthorized: opts.rejectUnauthorized,
        servername: opts.servername,
      };
      const agentOptions = { keepAlive: true, maxSockets: this.maxSockets, ...this.tlsOptions };
      // Through a proxy: client-node's agent (CONNECT for https, absolute URLs for http, socks).
      if (this.loaded.proxyUrl && opts.agent) this.agent = opts.agent as http.Agent;
      else
        this.agent = this.server.startsWith('https:')
          ? new https.Agent(agentOptions as https.AgentOptions)
          : new http.Agent({ keepAlive: true, maxSockets: this.maxSockets });
    }
    const headers = {
      ...(opts.headers as http.OutgoingHttpHeaders | undefined),
      Accept: 'application/json',
    } as http.OutgoingHttpHeaders;
    const imp = this.loaded.impersonate;
    if (imp?.user) headers['Impersonate-User'] = imp.user;
    else delete headers['Impersonate-User'];
    if (imp?.groups?.length) headers['Impersonate-Group'] = imp.groups;
    return {
      options: {
        headers,
        agent: this.agent,
        // user/password in the kubeconfig (basic auth, as old clusters took it)
        auth: opts.auth,
      },
      generation,
    };
  }

  /**
   * After a 401 of the credential of `generation`: whether to send the request once more. As
   * client-go's exec authenticator and token-file source do, an exec plugin is run again (a token
   * file read again), once per refused credential however many requests were refused with it;
   * unlike client-go, which fails the refused request and lets the next one use the new
   * credential, the refused request is sent again, so a one-shot scan does not fail on it. Never
   * twice in a row: a fresh credential refused too gives the 401 (no loop of plugin runs).
   */
  private refreshAfter401(generation: number): boolean {
    if (!this.loaded.kc.refreshable()) return false;
    if (generation !== this.generation) return true; // another request refreshed it already
    if (this.unconfirmed) return false;
    this.loaded.kc.invalidateCredentials();
    this.generation++;
    this.unconfirmed = true;
    return true;
  }

  /** A 2xx with the credential of `generation`: a later 401 may refresh it again (tokens expire). */
  private accepted(generation: number): void {
    if (generation === this.generation) this.unconfirmed = false;
  }

  /**
   * Why credentials could not be had. An exec plugin's stderr is not repeated: it may hold a
   * token (kubectl lets the plugin write to the terminal itself).
   */
  private authFailure(e: unknown): string {
    const err = e as NodeJS.ErrnoException;
    const command = this.loaded.kc.getCurrentUser()?.exec?.command;
    if (command === undefined) return String(err?.message ?? e).split('\n')[0];
    const plugin = `getting credentials: exec plugin "${command}"`;
    if (err?.code === 'ENOENT') return `${plugin} not found`;
    if (err?.code === 'EACCES') return `${plugin} is not executable`;
    if (err instanceof SyntaxError) return `${plugin} printed no ExecCredential (not JSON)`;
    return `${plugin} failed`;
  }

  /** Milliseconds left before the deadline (Infinity without one). */
  private remainingMs(): number {
    return this.deadline === undefined ? Infinity : this.deadline - Date.now();
  }

  /**
   * Sends one GET. `timeoutMs` bounds the whole exchange, headers and body (0: none); the
   * callback reads the body. Failures without an HTTP answer are TransportErrors.
   */
  private async send<T>(
    path: string,
    signal: AbortSignal | undefined,
    timeoutMs: number,
    read: (res: IncomingMessage, generation: number) => Promise<T>,
  ): Promise<T> {
    const { options: opts, generation } = await this.prepare();
    const url = new URL(path, `${this.server}/`);
    // Keep a path prefix of the server URL (https://host/k8s/clusters/x) as kubectl does.
    const base = new URL(this.server);
    if (base.pathname !== '/' && base.pathname !== '')
      url.pathname = `${base.pathname.replace(/\/$/, '')}${path.split('?')[0]}`;
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<T>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const req = lib.request(url, { ...opts, method: 'GET', signal }, (res) => {
        res.on('error', () => undefined); // reported through read()'s iteration
        read(res, generation).then(
          (v) => {
            clearTimeout(timer);
            resolve(v);
          },
          (e: NodeJS.ErrnoException) => {
            clearTimeout(timer);
            reject(
              e instanceof TransportError || e instanceof ClusterError || e instanceof ApiError
                ? e
                : this.transportError(e, true),
            );
          },
        );
      });
      if (timeoutMs > 0 && Number.isFinite(timeoutMs))
        timer = setTimeout(
          () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
          Math.max(1, timeoutMs),
        );
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(this.transportError(e, false));
      });
      req.end();
    });
  }

  /** The bound of the next request: the per-request timeout, cut to what the deadline leaves. */
  private nextTimeout(): number {
    const left = this.remainingMs();
    if (this.requestTimeoutMs === 0) return Number.isFinite(left) ? left : 0;
    return Math.min(this.requestTimeoutMs, left);
  }

  /** One GET of `path` parsed as JSON; a non-2xx answer is an ApiError. */
  private getOnce(path: string, signal?: AbortSignal, decode?: BodyDecoder): Promise<any> {
    return this.send(path, signal, this.nextTimeout(), async (res, generation) => {
      const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300;
      if (ok) this.accepted(generation);
      if (decode && ok)
        return decode(res).catch((e: unknown) => {
          if (!(e instanceof SyntaxError)) throw e;
          throw new ClusterError(
            `the cluster at ${this.server} sent a response that is not JSON to "${describeRequest(path)}"`,
          );
        });
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const code = res.statusCode ?? 0;
      if (code >= 200 && code < 300) {
        try {
          return JSON.parse(text);
        } catch {
          throw new ClusterError(
            `the cluster at ${this.server} sent a response that is not JSON to "${describeRequest(path)}"`,
          );
        }
      }
      throw this.statusError(code, text, retryAfterMs(res.headers['retry-after']), generation);
    });
  }

  /**
   * GET `path` and parse the JSON answer, retrying as client-go does: a 429 (or 503) with
   * `Retry-After` after that long, a 500/502/503/504 or a reset connection after a doubling
   * backoff, at most `retry.attempts` times and never past the deadline; a 401 once more with
   * a fresh credential when there is one to fetch (refreshAfter401). A non-2xx answer left is
   * an ApiError; 401 and network failures are ClusterErrors naming the server, the resource
   * and the cause.
   */
  async getJson(path: string, signal?: AbortSignal, decode?: BodyDecoder): Promise<any> {
    let backoff = this.retry.initialMs;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      if (this.remainingMs() <= 0) throw this.outOfTime(path, undefined, attempt - 1);
      try {
        return await this.getOnce(path, signal, decode);
      } catch (e) {
        if (signal?.aborted || (e as Error).name === 'AbortError') throw e;
        if (e instanceof Unauthorized && !refreshed && this.refreshAfter401(e.generation)) {
          refreshed = true;
          continue;
        }
        const wait = this.retryWait(e, backoff);
        if (wait === undefined || attempt >= this.retry.attempts)
          throw this.giveUp(e, path, attempt);
        if (Date.now() + wait >= (this.deadline ?? Infinity))
          throw this.outOfTime(path, e, attempt);
        await sleep(wait, signal);
        if (!(e instanceof ApiError && e.retryAfterMs !== undefined))
          backoff = Math.min(backoff * 2, this.retry.maxMs);
      }
    }
  }

  /** How long to wait before sending again after `e`, or undefined when it is not worth it. */
  private retryWait(e: unknown, backoff: number): number | undefined {
    if (e instanceof ApiError) {
      if (!RETRIED_STATUS.has(e.code)) return undefined;
      if (e.retryAfterMs !== undefined)
        return e.retryAfterMs <= this.retry.maxRetryAfterMs
          ? Math.max(e.retryAfterMs, 1)
          : undefined;
      // client-go waits 1 s on a 429 without Retry-After.
      return e.code === 429 ? 1000 : jitter(backoff);
    }
    if (e instanceof TransportError && TRANSIENT.has(e.code)) return jitter(backoff);
    return undefined;
  }

  private giveUp(e: unknown, path: string, attempts: number): Error {
    const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
    if (e instanceof ApiError) {
      e.attempts = attempts;
      return e;
    }
    if (e instanceof TransportError) {
      if (e.code === 'ETIMEDOUT' && this.remainingMs() <= 0)
        return this.outOfTime(path, e, attempts);
      if (UNREACHABLE.has(e.code))
        return new ClusterError(`cannot reach the cluster at ${this.server}: ${e.why}`);
      const why =
        e.code === 'ETIMEDOUT'
          ? `no answer within ${formatDuration(this.requestTimeoutMs)} (--request-timeout)`
          : e.why;
      return new ClusterError(
        `cannot ${describeRequest(path)} on the cluster at ${this.server}: ${why}${tries}`,
      );
    }
    return e as Error;
  }

  private outOfTime(path: string, last: unknown, attempts: number): ClusterError {
    const cause =
      last instanceof ApiError
        ? `; last answer ${last.code}: ${last.message}`
        : last instanceof TransportError && last.code !== 'ETIMEDOUT'
          ? `; last error: ${last.why}`
          : '';
    const tries = attempts > 1 ? `, ${attempts} attempts` : '';
    return new ClusterError(
      `cannot ${describeRequest(path)} on the cluster at ${this.server}: no answer within ${this.deadlineLabel}${tries}${cause}`,
    );
  }

  /**
   * Opens a watch on `path` (which must carry `watch=true`) and calls `onEvent` for each event.
   * Resolves once the stream is open; `ended` settles when the server or `signal` closes it.
   */
  async watch(
    path: string,
    onEvent: (e: WatchEvent) => void,
    signal: AbortSignal,
  ): Promise<{ ended: Promise<void>; close: () => void }> {
    let res: IncomingMessage;
    for (let refreshed = false; ; refreshed = true) {
      // No idle timeout: a quiet watch is healthy; the server ends it after timeoutSeconds.
      const sent = await this.send(path, undefined, 0, async (r, g) => ({ r, g })).catch(
        (e: unknown) => {
          throw this.giveUp(e, path, 1);
        },
      );
      res = sent.r;
      if (res.statusCode === 200) {
        this.accepted(sent.g);
        break;
      }
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      const e = this.statusError(
        res.statusCode ?? 0,
        Buffer.concat(chunks).toString('utf8'),
        retryAfterMs(res.headers['retry-after']),
        sent.g,
      );
      if (!(e instanceof Unauthorized && !refreshed && this.refreshAfter401(e.generation))) throw e;
    }
    res.setEncoding('utf8');
    let buf = '';
    let closed = false;
    const close = () => {
      closed = true;
      res.destroy();
    };
    const ended = new Promise<void>((resolve) => {
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while (!closed && (i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i).trim();
          buf = buf.slice(i + 1);
          if (!line) continue;
          let event: WatchEvent;
          try {
            event = JSON.parse(line) as WatchEvent;
          } catch {
            // A garbled stream (a proxy cutting a line): end this watch, the informer resumes.
            close();
            return;
          }
          onEvent(event);
        }
      });
      res.on('close', () => {
        signal.removeEventListener('abort', close);
        resolve();
      });
      res.on('error', () => resolve());
    });
    if (signal.aborted) close();
    else signal.addEventListener('abort', close, { once: true });
    return { ended, close };
  }

  /** Closes kept-alive sockets so the process can exit. */
  close(): void {
    this.agent?.destroy();
  }

  private statusError(code: number, body: string, retryAfter?: number, generation = -1): Error {
    let message = `HTTP ${code}`;
    let reason: string | undefined;
    try {
      const s = JSON.parse(body);
      if (s?.message) message = String(s.message);
      reason = s?.reason;
    } catch {
      // not a Status: keep the HTTP code
    }
    if (code === 401)
      return new Unauthorized(
        `the cluster at ${this.server} rejected the credentials (401 Unauthorized)`,
        generation,
      );
    // Refused impersonation (--as) is refused for every request: say so, not "nothing listable".
    if (code === 403 && /cannot impersonate/.test(message))
      return new ClusterError(
        `the cluster at ${this.server} refused --as/--as-group: ${this.redact(message.split('\n')[0])}`,
      );
    return new ApiError(code, this.redact(message.split('\n')[0]), reason, retryAfter);
  }

  /**
   * A socket failure as one TransportError (TLS problems as a ClusterError: nothing to retry).
   * `midBody`: the answer had begun (Node calls a cut there `aborted`, which names nothing).
   */
  private transportError(e: NodeJS.ErrnoException, midBody: boolean): Error {
    if (e.name === 'AbortError') return e;
    const code = e.code ?? (e.message === 'aborted' ? 'ECONNRESET' : '');
    if (TLS_CODES.has(code))
      return new ClusterError(
        `cannot verify the TLS certificate of the cluster at ${this.server} (${code}); check certificate-authority in the kubeconfig`,
      );
    let why = NETWORK_REASONS[code] ?? this.redact(String(e.message).split('\n')[0]);
    if (midBody && code !== 'ETIMEDOUT') why = `${why} while reading the answer`;
    return new TransportError(TRANSIENT.has(code) || midBody ? code || 'ECONNRESET' : code, why);
  }
}

function jitter(ms: number): number {
  return Math.round(ms * (0.8 + Math.random() * 0.4));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
