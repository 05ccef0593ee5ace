// Network and server faults on demand (429, 5xx, resets mid-body, expired continue tokens, slow or silent answers, cut watches), for clients' retry tests.
import type { ServerResponse } from 'node:http';
import { status } from './status.js';

/** What kind of request a fault applies to, as the API server tells them apart. */
export type FaultVerb = 'list' | 'get' | 'watch' | 'discovery';

/**
 * One fault. Matching requests (by `path` and `verb`) get it instead of, or in the middle of,
 * their answer; `times` limits it to the next N matching requests.
 */
export type FaultSpec = {
  /** Matches when the request path contains this string or matches this pattern. */
  path?: string | RegExp;
  verb?: FaultVerb;
  /** Only the next `times` matching requests (default: until removed). */
  times?: number;
} & (
  | {
      /** Answer with this status and a Status body: 429, 500, 502, 503, 504… */
      status: number;
      /** `Retry-After` seconds (429 and 503, as the API server's priority and fairness send it). */
      retryAfter?: number;
      message?: string;
    }
  /** Send the status line, headers and half the body, then reset the connection. */
  | { resetMidBody: true }
  /** A request with `continue=` gets 410 `Expired`, as after etcd compacted the list's revision. */
  | { expireContinue: true }
  /** Answer normally after this many milliseconds. */
  | { delayMs: number }
  /** Accept the request and never answer (a hung server or a black-holing proxy). */
  | { silent: true }
  /** A watch: send `afterEvents` events (default 0), then cut the connection. */
  | { cutWatch: true; afterEvents?: number }
  /** A watch whose first line is not JSON (a proxy mangling the stream). */
  | { garbledWatch: true }
);

/** What a fault needs to know of a request. */
export interface FaultRequest {
  path: string;
  query: Record<string, string>;
  /** Set to the status the fault answered with, for the request log. */
  record: { status: number };
}

/** The verb of a path the way the server routes it: discovery, get of one object, list, watch. */
export function verbOf(path: string, query: Record<string, string>): FaultVerb {
  const segs = path.split('/').filter(Boolean);
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) rest = segs.slice(2);
  else if (segs[0] === 'apis' && segs.length >= 4) rest = segs.slice(3);
  else return 'discovery';
  if (query.watch === 'true' || query.watch === '1') return 'watch';
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  return rest.length >= 2 ? 'get' : 'list';
}

/** The faults currently injected into one server, and the hook its request handler calls. */
export class Faults {
  private readonly active = new Set<FaultSpec>();

  /** Starts injecting `fault`; the function returned stops it. */
  add(fault: FaultSpec): () => void {
    const f = { ...fault };
    this.active.add(f);
    return () => this.active.delete(f);
  }

  clear(): void {
    this.active.clear();
  }

  /**
   * Applies the first matching fault to a request. Returns `'handled'` when the fault answered
   * (or swallowed) it, a delay in ms to wait before answering, or undefined to answer normally
   * (a reset or a watch cut may have been armed on `res`).
   */
  intercept(req: FaultRequest, res: ServerResponse): 'handled' | number | undefined {
    const verb = verbOf(req.path, req.query);
    for (const f of this.active) {
      if (f.verb !== undefined && f.verb !== verb) continue;
      if (f.path !== undefined && !matches(f.path, req.path)) continue;
      if ('expireContinue' in f && !req.query.continue) continue;
      if (('cutWatch' in f || 'garbledWatch' in f) && verb !== 'watch') continue;
      if (f.times !== undefined && --f.times <= 0) this.active.delete(f);
      if ('status' in f) {
        const headers: Record<string, string> = { 'Content-Type': 'application/json' };
        if (f.retryAfter !== undefined) headers['Retry-After'] = String(f.retryAfter);
        const body = status(f.status, f.message ?? defaultMessage(f.status));
        answer(res, req, f.status, body, headers);
        return 'handled';
      }
      if ('expireContinue' in f) {
        answer(res, req, 410, {
          ...status(
            410,
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          ),
          reason: 'Expired',
        });
        return 'handled';
      }
      if ('silent' in f) {
        req.record.status = 0;
        return 'handled';
      }
      if ('delayMs' in f) return f.delayMs;
      if ('resetMidBody' in f) {
        armReset(res);
        return undefined;
      }
      if ('cutWatch' in f) {
        armWatchCut(res, f.afterEvents ?? 0);
        return undefined;
      }
      if ('garbledWatch' in f) {
        const write = res.write.bind(res) as (chunk: unknown) => boolean;
        let first = true;
        res.write = ((chunk: unknown) => {
          if (first) {
            first = false;
            write('{"type": "ADDED", "object": {garbled\n');
          }
          return write(chunk);
        }) as ServerResponse['write'];
        return undefined;
      }
    }
    return undefined;
  }
}

function matches(p: string | RegExp, path: string): boolean {
  return typeof p === 'string' ? path.includes(p) : p.test(path);
}

function defaultMessage(code: number): string {
  if (code === 429) return 'Too many requests, please try again later.';
  if (code === 503) return 'The server is currently unable to handle the request';
  if (code === 504) return 'The server was unable to return a response in the time allotted';
  return 'injected fault';
}

function answer(
  res: ServerResponse,
  req: FaultRequest,
  code: number,
  body: unknown,
  headers: Record<string, string> = { 'Content-Type': 'application/json' },
) {
  req.record.status = code;
  const text = JSON.stringify(body);
  res.writeHead(code, { ...headers, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** The next `end(body)` sends half the body, then destroys the socket. */
function armReset(res: ServerResponse) {
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  res.end = ((chunk?: unknown) => {
    const text = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer | undefined);
    if (!text || text.length < 2) return end(chunk);
    res.write(text.subarray(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
    return res;
  }) as ServerResponse['end'];
}

/** Counts the events a watch writes; after `after` of them the connection is destroyed. */
function armWatchCut(res: ServerResponse, after: number) {
  const write = res.write.bind(res) as (chunk: unknown) => boolean;
  let sent = 0;
  const cut = () => res.socket?.destroy();
  if (after === 0) {
    setImmediate(cut);
    return;
  }
  res.write = ((chunk: unknown) => {
    if (sent >= after) return false;
    sent++;
    const ok = write(chunk);
    if (sent >= after) setImmediate(cut);
    return ok;
  }) as ServerResponse['write'];
}
