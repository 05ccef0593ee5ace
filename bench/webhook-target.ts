// The server side of `pnpm bench webhook`, in its own process: portguard's /validate and an allow-only /allow on one TLS server
// (with --allow-only: an empty cluster, for the allow-only server of its own). Sends its URL and CA over IPC; killed by its PID.
import { performance } from 'node:perf_hooks';
import { defaultConfig, refOf, type ManifestObject } from '../packages/core/src/index.js';
import { collapseOwned } from '../packages/kube/src/index.js';
import { generateTls, syntheticCluster } from '../packages/apiserver/src/index.js';
import {
  createMetrics,
  jsonLogger,
  reviewContext,
  startWebhookServer,
  validateHandler,
} from '../packages/serve/src/index.js';

const allowOnly = process.argv.includes('--allow-only');
const objects: ManifestObject[] = (allowOnly ? [] : syntheticCluster()).map((value) => ({
  value,
  ref: refOf(value),
  origin: 'cluster',
}));
// As serve holds it: pods folded into their controllers, then indexed for reviews.
const context = reviewContext(collapseOwned(objects));
const tls = generateTls();
const metrics = createMetrics();
// serve logs each non-allowed decision; here the lines go to stdout, which the bench discards.
const log = jsonLogger(process.stdout);

const validate = validateHandler({
  context: () => context,
  options: { mode: 'warn', failOn: 'medium', config: defaultConfig() },
  metrics,
  log,
});
/** How long each handler took inside the server (decoded body in, answer out), in ms. */
const handlerMs: Record<string, number[]> = { '/validate': [], '/allow': [] };
const timed =
  (path: string, handler: (body: unknown) => unknown) =>
  (body: unknown): unknown => {
    const t = performance.now();
    const out = handler(body);
    handlerMs[path].push(performance.now() - t);
    return out;
  };
const server = await startWebhookServer({ host: '127.0.0.1', port: 0 }, tls.server, {
  '/validate': timed('/validate', validate),
  // The baseline: the same server, TLS and decoding, answering "allowed" with the uid.
  '/allow': timed('/allow', (body) => ({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    response: { uid: (body as any).request.uid, allowed: true },
  })),
});
process.on('message', (m) => {
  if (m === 'reset') for (const k of Object.keys(handlerMs)) handlerMs[k] = [];
  if (m === 'report') process.send!({ handlerMs });
});
process.send!({ url: server.url, ca: tls.ca.cert, objects: objects.length });
