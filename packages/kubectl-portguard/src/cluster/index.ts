// Live-cluster access for the CLI and TUI: scanning, watching, the demo cluster, kubeconfig resolution.
export { scanCluster, scanLiveCluster, targetOf } from './scan-cluster.js';
export { watchCluster, type WatchOptions } from './watch-cluster.js';
export type { ClusterTarget, StopWatch, WatchHandlers, WatchStatus } from './watch-types.js';
export { withDemoCluster } from './demo-cluster.js';
export { loadKubeconfig, type LoadedKubeconfig } from './load-kubeconfig.js';
