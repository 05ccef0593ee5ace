// The audit log kube-apiserver writes with --audit-log-path: audit.k8s.io/v1 Event, one JSON line per request stage.
import { appendFileSync, closeSync, openSync } from 'node:fs';
import type { UserInfo } from './admission/attributes.js';
import type { RequestContext } from './request-context.js';

/** Audit levels of an audit policy rule (`None` logs nothing). */
export type AuditLevel = 'None' | 'Metadata' | 'Request' | 'RequestResponse';

/** What a policy decides on: the request's verb, resource and user. */
export interface AuditRequest {
  verb: string;
  resource?: string;
  apiGroup?: string;
  namespace?: string;
  user?: string;
}

export interface AuditOptions {
  /** The file to append to (created if missing), as kube-apiserver's `--audit-log-path`. */
  path: string;
  /** One level for every request (default `RequestResponse`), or a policy deciding per request. */
  level?: AuditLevel | ((r: AuditRequest) => AuditLevel);
  /** Also write the `RequestReceived` stage (a policy's default; kube setups often omit it). Default false. */
  requestReceived?: boolean;
}

const LEVELS: AuditLevel[] = ['None', 'Metadata', 'Request', 'RequestResponse'];
const atLeast = (level: AuditLevel, min: AuditLevel) =>
  LEVELS.indexOf(level) >= LEVELS.indexOf(min);

/** A MicroTime, as audit events carry it: `2026-12-01T12:00:00.123456Z`. */
export function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

const ANONYMOUS: UserInfo = { username: 'system:anonymous', groups: ['system:unauthenticated'] };

/** Writes the events of each request to the file, synchronously: a line is there when the client has its answer. */
export class AuditLog {
  private readonly fd: number;
  private closed = false;

  constructor(private readonly options: AuditOptions) {
    this.fd = openSync(options.path, 'a', 0o600);
  }

  private levelOf(ctx: RequestContext): AuditLevel {
    const l = this.options.level ?? 'RequestResponse';
    if (typeof l === 'string') return l;
    return l({
      verb: ctx.verb,
      resource: ctx.objectRef?.resource,
      apiGroup: ctx.objectRef?.apiGroup,
      namespace: ctx.objectRef?.namespace,
      user: ctx.identity?.user.username,
    });
  }

  /** The RequestReceived stage (when asked for): who and what, before the answer. */
  received(ctx: RequestContext): void {
    if (!this.options.requestReceived) return;
    this.write(ctx, 'RequestReceived');
  }

  /** A watch's ResponseStarted stage: the headers are sent, the stream goes on. */
  started(ctx: RequestContext): void {
    this.write(ctx, 'ResponseStarted');
  }

  /** The ResponseComplete stage: the answer (or the end of a watch, or a cut connection). */
  complete(ctx: RequestContext): void {
    this.write(ctx, 'ResponseComplete');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private write(ctx: RequestContext, stage: string): void {
    if (this.closed) return;
    const level = this.levelOf(ctx);
    if (level === 'None') return;
    const event: Record<string, unknown> = {
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level,
      auditID: ctx.auditID,
      stage,
      requestURI: ctx.req.url ?? '/',
      verb: ctx.verb,
      user: ctx.identity?.user ?? ANONYMOUS,
    };
    if (ctx.identity?.impersonatedUser) event.impersonatedUser = ctx.identity.impersonatedUser;
    event.sourceIPs = sourceIPs(ctx);
    const ua = ctx.req.headers['user-agent'];
    if (ua) event.userAgent = ua;
    const ref = objectRef(ctx);
    if (ref) event.objectRef = ref;
    if (stage !== 'RequestReceived' && ctx.code !== undefined)
      event.responseStatus = responseStatus(ctx.code, ctx.responseObject);
    if (atLeast(level, 'Request') && ctx.requestObject !== undefined)
      event.requestObject = ctx.requestObject;
    if (
      atLeast(level, 'RequestResponse') &&
      stage === 'ResponseComplete' &&
      !ctx.streaming &&
      ctx.responseObject !== undefined
    )
      event.responseObject = ctx.responseObject;
    event.requestReceivedTimestamp = microTime(ctx.receivedAt);
    event.stageTimestamp = microTime(new Date());
    event.annotations = {
      'authorization.k8s.io/decision': ctx.code === 403 ? 'forbid' : 'allow',
      'authorization.k8s.io/reason': '',
    };
    appendFileSync(this.fd, `${JSON.stringify(event)}\n`);
  }
}

/** X-Forwarded-For first (as kube-apiserver trusts it), then the peer address. */
function sourceIPs(ctx: RequestContext): string[] {
  const ips: string[] = [];
  const xff = ctx.req.headers['x-forwarded-for'];
  if (typeof xff === 'string')
    for (const ip of xff.split(',').map((s) => s.trim())) if (ip) ips.push(ip);
  const peer = (ctx.req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
  if (peer && !ips.includes(peer)) ips.push(peer);
  return ips;
}

/** The objectRef, completed from the request body (a create's name) as kube-apiserver completes it. */
function objectRef(ctx: RequestContext): Record<string, string> | undefined {
  if (!ctx.objectRef) return undefined;
  const ref: Record<string, string> = {};
  for (const [k, v] of Object.entries(ctx.objectRef)) if (v !== undefined && v !== '') ref[k] = v;
  const meta = (ctx.requestObject as { metadata?: Record<string, unknown> } | undefined)?.metadata;
  if (meta && typeof meta === 'object' && !Array.isArray(ctx.requestObject)) {
    if (!ref.namespace && typeof meta.namespace === 'string') ref.namespace = meta.namespace;
    if (!ref.name && typeof meta.name === 'string') ref.name = meta.name;
  }
  // Order as kube-apiserver writes it.
  const order = [
    'resource',
    'namespace',
    'name',
    'uid',
    'apiGroup',
    'apiVersion',
    'resourceVersion',
    'subresource',
  ];
  return Object.fromEntries(order.filter((k) => ref[k] !== undefined).map((k) => [k, ref[k]]));
}

/** responseStatus: `{metadata: {}, code}` on success; the Status's fields on failure. */
function responseStatus(code: number, body: unknown): Record<string, unknown> {
  const s = body as Record<string, unknown> | undefined;
  if (code >= 400 && s?.kind === 'Status') {
    const out: Record<string, unknown> = { metadata: {}, status: 'Failure', message: s.message };
    if (s.reason) out.reason = s.reason;
    if (s.details) out.details = s.details;
    out.code = code;
    return out;
  }
  return { metadata: {}, code };
}
