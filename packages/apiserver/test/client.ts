// A tiny HTTP(S) client for the server's tests: one GET, or a watch read line by line.
import http from 'node:http';
import https from 'node:https';
import type { ApiServer } from '../src/index.js';

export interface Reply {
  status: number;
  body: any;
  headers: http.IncomingHttpHeaders;
}

export interface GetOptions {
  token?: string;
  accept?: string;
  cert?: { cert: string; key: string };
  /** Content-Type of the body (default application/json). */
  contentType?: string;
  /** More request headers (Impersonate-User, …). */
  headers?: Record<string, string | string[]>;
}

function request(server: ApiServer, path: string, o: GetOptions, method = 'GET') {
  const u = new URL(path, server.url);
  const headers: Record<string, string> = { Accept: o.accept ?? 'application/json' };
  if (o.token !== undefined) headers.Authorization = `Bearer ${o.token}`;
  const lib = u.protocol === 'https:' ? https : http;
  return lib.request(u, {
    method,
    headers: { ...headers, ...o.headers },
    ca: server.caPem,
    cert: o.cert?.cert,
    key: o.cert?.key,
  });
}

export function get(server: ApiServer, path: string, o: GetOptions = {}): Promise<Reply> {
  return call(server, 'GET', path, undefined, o);
}

/** One request with a JSON body (POST, PUT) or none (GET, DELETE). */
export function call(
  server: ApiServer,
  method: string,
  path: string,
  body: unknown,
  o: GetOptions = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(server, path, o, method);
    if (body !== undefined) req.setHeader('Content-Type', o.contentType ?? 'application/json');
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), headers: res.headers }),
      );
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

/** An open watch: `next()` resolves with the next event; `ended` when the server closes it. */
export interface WatchReader {
  next(): Promise<{ type: string; object: any }>;
  ended: Promise<void>;
  close(): void;
}

export function watch(server: ApiServer, path: string, o: GetOptions = {}): Promise<WatchReader> {
  return new Promise((resolve, reject) => {
    const req = request(server, path, o);
    req.on('error', reject);
    req.on('response', (res) => {
      const queue: any[] = [];
      const waiting: ((e: any) => void)[] = [];
      let buf = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const event = JSON.parse(buf.slice(0, i));
          buf = buf.slice(i + 1);
          const w = waiting.shift();
          if (w) w(event);
          else queue.push(event);
        }
      });
      const ended = new Promise<void>((r) => res.on('close', () => r()));
      resolve({
        next: () =>
          queue.length > 0 ? Promise.resolve(queue.shift()) : new Promise((r) => waiting.push(r)),
        ended,
        close: () => req.destroy(),
      });
    });
    req.end();
  });
}
