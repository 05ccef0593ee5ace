// One webhook call: resolve clientConfig (url or service) to an address, POST the review over TLS with caBundle and a timeout.
import http from 'node:http';
import https from 'node:https';
import { checkServerIdentity, type PeerCertificate } from 'node:tls';
import type { KubeObject } from '../store.js';

/** A `clientConfig.service` reference with its port defaulted (443). */
export interface ServiceRef {
  namespace: string;
  name: string;
  port: number;
  path?: string;
}

/**
 * Where a service reference is reached: `https://HOST:PORT` (no path), or undefined when it
 * cannot be resolved. The TLS name checked is always `NAME.NAMESPACE.svc`, as kube-apiserver does.
 */
export type ServiceResolver = (ref: ServiceRef) => string | undefined;

/** What went wrong calling a webhook, worded as kube-apiserver's ErrCallingWebhook reason. */
export class WebhookCallError extends Error {}

const MAX_RESPONSE = 3 * 1024 * 1024;

/** The URL a webhook is called at (with kube-apiserver's `?timeout=Ns`) and the name its certificate must carry. */
export function webhookTarget(
  clientConfig: KubeObject,
  timeoutSeconds: number,
  resolve: ServiceResolver,
): { url: URL; serverName?: string } {
  let url: URL;
  let serverName: string | undefined;
  if (typeof clientConfig.url === 'string') {
    url = new URL(clientConfig.url);
  } else if (clientConfig.service) {
    const s = clientConfig.service;
    const ref: ServiceRef = {
      namespace: String(s.namespace),
      name: String(s.name),
      port: Number(s.port ?? 443),
      path: s.path,
    };
    const base = resolve(ref);
    if (base === undefined)
      throw new WebhookCallError(
        `failed to call webhook: service "${ref.namespace}/${ref.name}" not found`,
      );
    url = new URL(ref.path ?? '/', base);
    serverName = `${ref.name}.${ref.namespace}.svc`;
  } else
    throw new WebhookCallError('failed to call webhook: clientConfig has neither url nor service');
  url.searchParams.set('timeout', `${timeoutSeconds}s`);
  return { url, serverName };
}

/** How Go's net/http would word Node's error, so messages read like a real cluster's. */
function goError(e: NodeJS.ErrnoException, url: URL, serverName?: string): string {
  const host = url.host;
  switch (e.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${host}: connect: connection refused`;
    case 'ECONNRESET':
      return 'EOF';
    case 'ENOTFOUND':
      return `dial tcp: lookup ${url.hostname}: no such host`;
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_SIGNATURE_FAILURE':
      return 'tls: failed to verify certificate: x509: certificate signed by unknown authority';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `tls: failed to verify certificate: x509: certificate is not valid for ${serverName ?? url.hostname}`;
    case 'CERT_HAS_EXPIRED':
      return 'tls: failed to verify certificate: x509: certificate has expired or is not yet valid';
    default:
      return e.message;
  }
}

/**
 * POSTs `review` to the webhook and resolves with the AdmissionReview it answers. Rejects with a
 * WebhookCallError on a transport error, a timeout, a non-2xx status or a body that is not JSON.
 */
export function callWebhook(
  target: { url: URL; serverName?: string },
  caBundle: string | undefined,
  timeoutSeconds: number,
  review: KubeObject,
): Promise<KubeObject> {
  const { url, serverName } = target;
  const body = JSON.stringify(review);
  const post = `Post "${url.href}"`;
  return new Promise((resolve, reject) => {
    const fail = (why: string) =>
      reject(new WebhookCallError(`failed to call webhook: ${post}: ${why}`));
    const options: https.RequestOptions = {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, */*',
        'Content-Length': Buffer.byteLength(body),
      },
    };
    if (url.protocol === 'https:') {
      if (caBundle !== undefined) options.ca = Buffer.from(caBundle, 'base64').toString('utf8');
      if (serverName) {
        options.servername = serverName;
        options.checkServerIdentity = (_host: string, cert: PeerCertificate) =>
          checkServerIdentity(serverName, cert);
      }
    }
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE) {
          req.destroy();
          fail('the response is larger than 3 MiB');
        } else chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString('utf8');
        const code = res.statusCode ?? 0;
        if (code < 200 || code > 299)
          return reject(
            new WebhookCallError(
              `failed to call webhook: an error on the server (${JSON.stringify(text.trim().slice(0, 200))}) has prevented the request from succeeding`,
            ),
          );
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(
            new WebhookCallError(
              'failed to call webhook: the server responded with a body that is not JSON',
            ),
          );
        }
      });
      res.on('error', (e) => fail(goError(e, url, serverName)));
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, timeoutSeconds * 1000);
    req.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      fail(timedOut ? 'context deadline exceeded' : goError(e, url, serverName));
    });
    req.end(body);
  });
}
