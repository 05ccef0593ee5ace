// One live scan: list the cluster of a target, fold owned pods into their controllers, run the rules.
import { scanObjects, summarize, type PortguardConfig, type ScanResult } from '@portguard/core';
import { collapseOwned } from './collapse-owned.js';
import { formatDuration } from './duration.js';
import { KubeClient } from './kube-client.js';
import { listCluster } from './list-cluster.js';
import { withholdUnreadableClaims } from './posture-claims.js';
import { loadKubeconfig } from './load-kubeconfig.js';
import { keepYoungGenerationSmall } from './young-generation.js';
import type { ClusterTarget } from './watch-types.js';

export interface LiveScan {
  result: ScanResult;
  /** What could not be read, one line each; the scan went on without it. */
  warnings: string[];
  server: string;
  context: string;
}

/** A scan gives up after this long by default, with one line naming what it waited for. */
export const SCAN_TIMEOUT_MS = 120_000;

/** The per-request timeout and the whole-scan deadline of one scan. */
function clientBounds(o: { requestTimeoutMs?: number; scanTimeoutMs?: number }) {
  if (o.requestTimeoutMs === 0) return { requestTimeoutMs: 0 };
  const bound = Math.max(o.scanTimeoutMs ?? SCAN_TIMEOUT_MS, o.requestTimeoutMs ?? 0);
  return {
    requestTimeoutMs: o.requestTimeoutMs,
    deadline: Date.now() + bound,
    deadlineLabel: `the scan's ${formatDuration(bound)} bound`,
  };
}

/** Lists and scans the cluster of `target`; failures to reach it throw a ClusterError. */
export async function scanLiveCluster(
  target: ClusterTarget,
  options: {
    config: PortguardConfig;
    trustObjectAnnotations: boolean;
    onProgress?: (n: number) => void;
    /** Each GET's bound (`--request-timeout`), default 30 s; 0: none, and no bound on the scan. */
    requestTimeoutMs?: number;
    /** The whole scan's bound, default 2 min (or the request timeout, when longer). */
    scanTimeoutMs?: number;
    /** The process ends after this scan: keep V8's young generation small (`keepYoungGenerationSmall`). */
    oneShot?: boolean;
  },
): Promise<LiveScan> {
  if (options.oneShot) keepYoungGenerationSmall();
  const loaded = loadKubeconfig(target);
  const client = new KubeClient(loaded, clientBounds(options));
  try {
    const listing = await listCluster(client, {
      namespace: target.allNamespaces ? undefined : loaded.namespace,
      fallbackNamespace: loaded.namespace,
      onProgress: options.onProgress,
      // Only the rules read a scan's objects: every Pod keeps only what they read.
      keep: 'rules',
    });
    const objects = collapseOwned(listing.objects);
    const scanned = scanObjects(objects, {
      config: options.config,
      trustObjectAnnotations: options.trustObjectAnnotations,
      clusterName: loaded.context,
    });
    const { findings, suppressed, warnings } = withholdUnreadableClaims(
      scanned.findings,
      scanned.suppressed,
      listing.forbiddenKinds,
    );
    const result: ScanResult = {
      findings,
      suppressed,
      objects,
      errors: [],
      skipped: [],
      summary: summarize(objects.length, findings, suppressed),
    };
    return {
      result,
      warnings: [...listing.warnings, ...warnings],
      server: loaded.server,
      context: loaded.context,
    };
  } finally {
    client.close();
  }
}
