// Reading live clusters for every front end (CLI, TUI, serve): kubeconfig, paginated lists, watches.
// Nothing here knows of commands or output: callers get objects, findings and ClusterErrors.
export { ClusterError } from './errors.js';
export { inClusterTarget, SERVICE_ACCOUNT_DIR } from './in-cluster.js';
export {
  loadKubeconfig,
  kubeconfigFiles,
  readKubeconfigFile,
  type LoadedKubeconfig,
} from './load-kubeconfig.js';
export { KubeClient, ApiError, type KubeClientOptions, type RetryPolicy } from './kube-client.js';
export { parseRequestTimeout, formatDuration } from './duration.js';
export { describeRequest } from './describe-request.js';
export { listPages } from './list-pages.js';
export {
  listCluster,
  kindsToList,
  type ClusterListing,
  type ListClusterOptions,
} from './list-cluster.js';
export {
  SCANNED_KINDS,
  OPTIONAL_CRD_KINDS,
  GATEKEEPER_CONSTRAINTS,
  apiVersionOf,
  collectionPath,
  resourceName,
  type ResourceKind,
} from './resource-kinds.js';
export { collapseOwned } from './collapse-owned.js';
export { podTemplateCrdKinds, hasPodTemplateSchema } from './pod-template-crds.js';
export { withholdUnreadableClaims } from './posture-claims.js';
export { toManifestObject } from './to-manifest-object.js';
export { scanLiveCluster, SCAN_TIMEOUT_MS, type LiveScan } from './scan-live.js';
export { Informer, type InformerCallbacks, type BackoffOptions } from './informer.js';
export { watchCluster, type WatchOptions } from './watch-cluster.js';
export type { ClusterTarget, StopWatch, WatchHandlers, WatchStatus } from './watch-types.js';
export { kubeconfigContexts } from './contexts.js';
export { scanFleet, mergeClusters, type ClusterOutcome, type FleetScan } from './scan-fleet.js';
