// A real validating admission webhook for the tests: HTTPS with its own CA, answers set per test, reviews recorded.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import { generateTls, type KubeObject } from '../src/index.js';

/** What the webhook answers to one review: a response (uid filled in), a raw HTTP reply, or no reply at all. */
export type Answer =
  | { allowed: boolean; warnings?: string[]; status?: KubeObject }
  | { raw: { code: number; body: string } }
  | { wrongUid: true }
  | 'hang';

export interface TestWebhook {
  /** `https://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  /** The CA of its certificate, base64 PEM, as `clientConfig.caBundle` takes it. */
  readonly caBundle: string;
  /** Every AdmissionReview received, in order, with the path it was posted to. */
  readonly reviews: { path: string; review: KubeObject }[];
  /** Decides the answer to each review (default: allowed). */
  answer: (review: KubeObject) => Answer;
  close(): Promise<void>;
}

/** Starts a webhook on loopback; its certificate is also valid for `dnsNames` (service references). */
export async function startWebhook(dnsNames: string[] = []): Promise<TestWebhook> {
  const tls = generateTls({ dnsNames });
  const hanging = new Set<ServerResponse>();
  const hook: TestWebhook = {
    url: '',
    port: 0,
    caBundle: Buffer.from(tls.ca.cert).toString('base64'),
    reviews: [],
    answer: () => ({ allowed: true }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of hanging) r.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const server = https.createServer({ key: tls.server.key, cert: tls.server.cert }, (req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const review = JSON.parse(text);
      hook.reviews.push({ path: req.url ?? '', review });
      const a = hook.answer(review);
      if (a === 'hang') {
        hanging.add(res);
        return;
      }
      if ('raw' in a) {
        res.writeHead(a.raw.code, { 'Content-Type': 'application/json' });
        res.end(a.raw.body);
        return;
      }
      const uid = 'wrongUid' in a ? 'not-the-uid' : review.request.uid;
      const response = 'wrongUid' in a ? { allowed: true } : a;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          apiVersion: 'admission.k8s.io/v1',
          kind: 'AdmissionReview',
          response: { uid, ...response },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(hook, { url: `https://127.0.0.1:${port}`, port });
}

/** A ValidatingWebhookConfiguration with one webhook; `hook` overrides its fields. */
export function webhookConfiguration(name: string, hook: KubeObject): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name },
    webhooks: [
      {
        name: `${name}.portguard.dev`,
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        rules: [
          {
            operations: ['CREATE', 'UPDATE'],
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['pods'],
          },
        ],
        ...hook,
      },
    ],
  };
}
