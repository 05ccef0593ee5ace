// portguard in the cluster: the watcher with its metrics and endpoints, the admission webhook, install's manifests.
export { startServe, type ServeOptions, type RunningServe } from './serve.js';
export { jsonLogger, type Logger } from './log.js';
export { parseListenAddress, type ListenAddress } from './http/listen-address.js';
export { startMetricsServer, type ReportFn } from './http/metrics-server.js';
export { createMetrics, type Metrics, type Decision } from './metrics/metrics.js';
export { LiveState } from './watch/live-state.js';
export {
  review,
  MalformedReview,
  MODES,
  warningOf,
  type Mode,
  type ReviewOptions,
} from './webhook/review.js';
export { reviewContext, type ReviewContext } from './webhook/review-context.js';
export { remediationOf } from './webhook/remediation.js';
export { startWebhookServer, MAX_BODY_BYTES } from './webhook/webhook-server.js';
export { validateHandler } from './webhook/handler.js';
export {
  installManifests,
  printManifests,
  serviceDnsNames,
  type InstallOptions,
} from './install/manifests.js';
export { alertGroups, type RuleGroup } from './install/prometheus-rule.js';
export { clusterRoleRules } from './install/rbac.js';
