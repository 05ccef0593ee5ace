// One request on its way through the server: what it is, who sent it, what it did — for the reply, admission and audit.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Identity } from './identity.js';

/** What a request asked for, for tests that check how a client talks to the server. */
export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  user?: string;
  status: number;
  watch: boolean;
}

/** audit.k8s.io/v1 ObjectReference: what a resource request is about. */
export interface ObjectRef {
  resource?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiGroup?: string;
  apiVersion?: string;
  resourceVersion?: string;
  subresource?: string;
}

/**
 * The state of one request. The pipeline in server.ts fills it step by step (identity, verb,
 * objectRef, bodies) so that the reply, admission and the audit log read one place.
 */
export class RequestContext {
  readonly auditID = randomUUID();
  readonly receivedAt = new Date();
  readonly url: URL;
  readonly query: URLSearchParams;
  readonly record: RequestRecord;
  identity?: Identity;
  /** The Kubernetes verb (`get`, `list`, `watch`, `create`, `update`, `patch`, `delete`). */
  verb: string;
  objectRef?: ObjectRef;
  /** The decoded request body (a patch for `patch`). */
  requestObject?: unknown;
  /** The body answered, once sent. */
  responseObject?: unknown;
  /** HTTP status answered, once sent. */
  code?: number;
  /** Warnings for `Warning: 299 - "…"` headers (admission webhooks add to them). */
  readonly warnings: string[] = [];
  /** Set once a watch has started streaming (its answer is not one body). */
  streaming = false;
  /** Called once when the answer is complete (sent, watch ended, or connection cut): the audit log. */
  onComplete?: (ctx: RequestContext) => void;
  private completed = false;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {
    this.url = new URL(req.url ?? '/', 'http://x');
    this.query = this.url.searchParams;
    this.record = {
      method: req.method ?? 'GET',
      path: this.url.pathname,
      query: Object.fromEntries(this.query),
      status: 200,
      watch: this.query.get('watch') === 'true' || this.query.get('watch') === '1',
    };
    this.verb = (req.method ?? 'GET').toLowerCase();
  }

  /** Adds a warning once (kube-apiserver de-duplicates them); empty ones are dropped. */
  warn(text: string): void {
    if (text && !this.warnings.includes(text)) this.warnings.push(text);
  }

  /** Answers with a JSON body, with the warnings collected so far. */
  send(code: number, body: unknown): void {
    if (this.res.headersSent) return;
    this.code = code;
    this.record.status = code;
    this.responseObject = body;
    const text = JSON.stringify(body);
    this.res.setHeader('Content-Type', 'application/json');
    this.res.setHeader('Content-Length', Buffer.byteLength(text));
    this.writeWarnings();
    this.complete();
    this.res.writeHead(code);
    // A Buffer, so Node writes the headers apart, in latin1 (see quoteWarning).
    this.res.end(Buffer.from(text, 'utf8'));
  }

  /** Marks the request complete (once); the audit line is written before the client has its answer. */
  complete(): void {
    if (this.completed) return;
    this.completed = true;
    this.onComplete?.(this);
  }

  /** Sets the `Warning` headers as kube-apiserver writes them: `299 - "text"`, one header each. */
  writeWarnings(): void {
    if (this.warnings.length)
      this.res.setHeader(
        'Warning',
        this.warnings.map((w) => `299 - ${quoteWarning(w)}`),
      );
  }
}

/**
 * An RFC 7234 quoted-string: backslash and quote escaped, control characters replaced by spaces.
 * Its UTF-8 bytes are returned as a latin1 string, which Node writes byte for byte, so `…` reaches
 * kubectl as the UTF-8 kube-apiserver sends.
 */
export function quoteWarning(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  const quoted = `"${clean.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  return Buffer.from(quoted, 'utf8').toString('latin1');
}
