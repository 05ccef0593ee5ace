// The /validate handler serve mounts: review() on the current cluster context, counted and logged.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import { objectFields } from '../watch/finding-key.js';
import { MalformedReview, review, type ReviewOptions } from './review.js';
import type { ReviewContext } from './review-context.js';
import type { ReviewHandler } from './webhook-server.js';

/**
 * Decides each review against `context()` (the latest snapshot's index), observes its decision and
 * duration in the metrics, and logs every decision other than `allowed` with the object's identity.
 * A malformed body is counted as `error` and rethrown (the server answers 400).
 */
export function validateHandler(deps: {
  context: () => ReviewContext;
  options: ReviewOptions;
  metrics: Metrics;
  log?: Logger;
}): ReviewHandler {
  return (body) => {
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const out = review(body, deps.context(), deps.options);
      deps.metrics.review(out, seconds());
      if (out.decision !== 'allowed' && deps.log) {
        const req = (body as any).request;
        const ref = out.findings[0]?.object;
        deps.log[out.decision === 'error' ? 'warn' : 'info'](`admission ${out.decision}`, {
          uid: req.uid,
          operation: out.operation,
          ...(ref ? { object: objectFields(ref) } : { kind: out.kind }),
          user: req.userInfo?.username,
          rules: out.findings.map((f) => f.rule),
          ...(out.error ? { reason: out.error } : {}),
        });
      }
      return out.review;
    } catch (e) {
      if (e instanceof MalformedReview)
        deps.metrics.review({ operation: '', kind: '', decision: 'error' }, seconds());
      throw e;
    }
  };
}
