// A narrow HTTP client for the Kubernetes API: auth through @kubernetes/client-node, errors as one safe line.
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { ClusterError } from './errors.js';
import type { LoadedKubeconfig } from './load-kubeconfig.js';

/** A non-2xx answer from the API server, with the Status it sent. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

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

  constructor(
    private readonly loaded: LoadedKubeconfig,
    /** Sockets kept open to the server: the bound on concurrent requests. */
    private readonly maxSockets = 8,
  ) {
    this.server = loaded.server;
    this.context = loaded.context;
  }

  /** Removes every credential of the kubeconfig from `text` (defence in depth for messages). */
  redact(text: string): string {
    let out = text;
    for (const s of this.loaded.secrets) if (s.length >= 4) out = out.split(s).join('***');
    return out.replace(/(Bearer\s+)\S+/gi, '$1***');
  }

  /** Headers for one request: a fresh token from an exec plugin when the cached one expired. */
  private async prepare(): Promise<https.RequestOptions> {
    const opts: https.RequestOptions = {};
    try {
      await this.loaded.kc.applyToHTTPSOptions(opts);
    } catch (e) {
      throw new ClusterError(
        this.redact(
          `cannot authenticate to the cluster at ${this.server}: ${String((e as Error).message ?? e).split('\n')[0]}`,
        ),
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
      this.agent = this.server.startsWith('https:')
        ? new https.Agent(agentOptions as https.AgentOptions)
        : new http.Agent({ keepAlive: true, maxSockets: this.maxSockets });
    }
    return {
      headers: { ...(opts.headers ?? {}), Accept: 'application/json' },
      agent: this.agent,
      // user/password in the kubeconfig (basic auth, as old clusters took it)
      auth: opts.auth,
    };
  }

  private async send(
    path: string,
    signal?: AbortSignal,
    timeoutMs = 30_000,
  ): Promise<IncomingMessage> {
    const opts = await this.prepare();
    const url = new URL(path, `${this.server}/`);
    // Keep a path prefix of the server URL (https://host/k8s/clusters/x) as kubectl does.
    const base = new URL(this.server);
    if (base.pathname !== '/' && base.pathname !== '')
      url.pathname = `${base.pathname.replace(/\/$/, '')}${path.split('?')[0]}`;
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = lib.request(url, { ...opts, method: 'GET', signal }, resolve);
      if (timeoutMs > 0)
        req.setTimeout(timeoutMs, () =>
          req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
        );
      req.on('error', (e) => reject(this.networkError(e)));
      req.end();
    });
  }

  /** GET `path` and parse the JSON answer; non-2xx becomes ApiError, 401 and network failures ClusterError. */
  async getJson(path: string, signal?: AbortSignal): Promise<any> {
    const res = await this.send(path, signal);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) {
      try {
        return JSON.parse(text);
      } catch {
        throw new ClusterError(
          `the cluster at ${this.server} sent a response that is not JSON for ${path.split('?')[0]}`,
        );
      }
    }
    throw this.statusError(res.statusCode ?? 0, text);
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
    // No idle timeout: a quiet watch is healthy; the server ends it after timeoutSeconds.
    const res = await this.send(path, undefined, 0);
    if (res.statusCode !== 200) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      throw this.statusError(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
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
          if (line) onEvent(JSON.parse(line) as WatchEvent);
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

  private statusError(code: number, body: string): Error {
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
      return new ClusterError(
        `the cluster at ${this.server} rejected the credentials (401 Unauthorized)`,
      );
    return new ApiError(code, this.redact(message.split('\n')[0]), reason);
  }

  private networkError(e: NodeJS.ErrnoException): Error {
    if (e.name === 'AbortError') return e;
    const code = e.code ?? '';
    if (TLS_CODES.has(code))
      return new ClusterError(
        `cannot verify the TLS certificate of the cluster at ${this.server} (${code}); check certificate-authority in the kubeconfig`,
      );
    const why = NETWORK_REASONS[code] ?? this.redact(String(e.message).split('\n')[0]);
    return new ClusterError(`cannot reach the cluster at ${this.server}: ${why}`);
  }
}
