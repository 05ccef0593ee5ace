// The webhook's thin HTTPS server: decodes, bounds the body, times out and encodes; the decision is review()'s.
import https, { type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOn, type ListenAddress } from '../http/listen-address.js';
import { MalformedReview } from './review.js';

/** The largest AdmissionReview accepted (the API server's own request limit is 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** A route's handler: the decoded JSON body in, the AdmissionReview to answer out (MalformedReview → 400). */
export type ReviewHandler = (body: unknown) => unknown;

export interface WebhookServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/** A `Status` body, as the API server's own errors are, for the answers that are not reviews. */
function status(res: ServerResponse, code: number, message: string) {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, message }));
}

/** Reads the body up to `limit` bytes; resolves undefined (after answering 413) past it. */
function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
): Promise<Buffer | undefined> {
  const tooLarge = () => status(res, 413, `request body larger than ${limit} bytes`);
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    tooLarge();
    req.resume();
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > limit) {
        over = true;
        tooLarge();
        resolve(undefined);
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => !over && resolve(Buffer.concat(chunks)));
    req.on('error', () => !over && resolve(undefined));
  });
}

/**
 * Serves `POST <path>` for each route over TLS. A body over MAX_BODY_BYTES is 413, a body that
 * is not JSON or not an AdmissionReview with a uid is 400, another method 405, another path 404;
 * nothing here answers 500 (review() admits what it cannot decide, with a warning).
 */
export async function startWebhookServer(
  address: ListenAddress,
  tls: { cert: string | Buffer; key: string | Buffer },
  routes: Record<string, ReviewHandler>,
  options: { maxBodyBytes?: number } = {},
): Promise<WebhookServer> {
  const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const server = https.createServer({ cert: tls.cert, key: tls.key }, async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handler = Object.hasOwn(routes, path) ? routes[path] : undefined;
    if (!handler)
      return status(res, 404, `no webhook at ${path} (POST ${Object.keys(routes).join(', ')})`);
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return status(res, 405, 'an AdmissionReview is POSTed');
    }
    const body = await readBody(req, res, limit);
    if (!body) return;
    let decoded: unknown;
    try {
      decoded = JSON.parse(body.toString('utf8'));
    } catch (e) {
      return status(res, 400, `the body is not JSON: ${(e as Error).message}`);
    }
    let answer: unknown;
    try {
      answer = handler(decoded);
    } catch (e) {
      if (e instanceof MalformedReview) return status(res, 400, e.message);
      return status(res, 400, `cannot review: ${(e as Error).message}`);
    }
    const text = JSON.stringify(answer);
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
    });
    res.end(text);
  });
  // The API server waits timeoutSeconds (2 s in install's manifests); a stuck client is dropped.
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  server.keepAliveTimeout = 30_000;
  return listenOn(server, address, 'https');
}
