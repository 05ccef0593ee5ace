// One live scan: list the cluster of a target, fold owned pods into their controllers, run the rules.
import { scanObjects, summarize, type PortguardConfig, type ScanResult } from '@portguard/core';
import { collapseOwned } from './collapse-owned.js';
import { KubeClient } from './kube-client.js';
import { listCluster } from './list-cluster.js';
import { loadKubeconfig } from './load-kubeconfig.js';
import type { ClusterTarget } from './watch-types.js';

export interface LiveScan {
  result: ScanResult;
  /** What could not be read, one line each; the scan went on without it. */
  warnings: string[];
  server: string;
  context: string;
}

/** Lists and scans the cluster of `target`; failures to reach it throw a ClusterError. */
export async function scanLiveCluster(
  target: ClusterTarget,
  options: {
    config: PortguardConfig;
    trustObjectAnnotations: boolean;
    onProgress?: (n: number) => void;
  },
): Promise<LiveScan> {
  const loaded = loadKubeconfig(target);
  const client = new KubeClient(loaded);
  try {
    const listing = await listCluster(client, {
      namespace: target.allNamespaces ? undefined : loaded.namespace,
      fallbackNamespace: loaded.namespace,
      onProgress: options.onProgress,
    });
    const objects = collapseOwned(listing.objects);
    const { findings, suppressed } = scanObjects(objects, {
      config: options.config,
      trustObjectAnnotations: options.trustObjectAnnotations,
    });
    const result: ScanResult = {
      findings,
      suppressed,
      objects,
      errors: [],
      skipped: [],
      summary: summarize(objects.length, findings, suppressed),
    };
    return { result, warnings: listing.warnings, server: loaded.server, context: loaded.context };
  } finally {
    client.close();
  }
}
