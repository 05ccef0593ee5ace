// Several clusters in one scan: each context scanned on its own (bounded), then merged per cluster.
import { summarize, type InputError, type ScanResult } from '@portguard/core';
import { bounded } from './bounded.js';
import { scanLiveCluster, type LiveScan } from './scan-live.js';
import type { ClusterTarget } from './watch-types.js';

/** Clusters scanned at once: each is a handful of concurrent lists already. */
const FLEET_CONCURRENCY = 3;

/** One context's outcome: its scan, or the one-line reason it could not be scanned. */
export type ClusterOutcome =
  ({ context: string; ok: true } & LiveScan) | { context: string; ok: false; error: string };

export interface FleetScan {
  /** Every cluster's findings tagged with `cluster`; `summary.clusters` holds each one's counts. */
  result: ScanResult;
  /** Each warning prefixed with its cluster. */
  warnings: string[];
  clusters: ClusterOutcome[];
}

/**
 * Scans each context of `contexts` as `scanLiveCluster` does, at most three at once; a cluster
 * that cannot be scanned becomes an `errors` entry naming it while the others go on. Objects of
 * different clusters never meet in one rule run, so there are no cross-cluster conflicts.
 */
export async function scanFleet(
  base: Omit<ClusterTarget, 'context'>,
  contexts: readonly string[],
  options: Parameters<typeof scanLiveCluster>[1],
): Promise<FleetScan> {
  const run = bounded(FLEET_CONCURRENCY);
  // Progress is the fleet's total: each cluster reports its own count.
  const listed = new Map<string, number>();
  const progress = (context: string) => (n: number) => {
    listed.set(context, n);
    options.onProgress?.([...listed.values()].reduce((a, b) => a + b, 0));
  };
  const clusters = await Promise.all(
    contexts.map((context) =>
      run(async (): Promise<ClusterOutcome> => {
        try {
          const scan = await scanLiveCluster(
            { ...base, context },
            { ...options, onProgress: progress(context) },
          );
          return { ...scan, context, ok: true };
        } catch (e) {
          const error = e instanceof Error ? e.message.split('\n')[0] : String(e);
          return { context, ok: false, error };
        }
      }),
    ),
  );
  return mergeClusters(clusters);
}

/** The fleet's one result: findings and objects of every cluster, per-cluster counts beside the totals. */
export function mergeClusters(clusters: readonly ClusterOutcome[]): FleetScan {
  const result: ScanResult = {
    findings: [],
    suppressed: [],
    objects: [],
    errors: [],
    skipped: [],
    summary: summarize(0, [], []),
  };
  const warnings: string[] = [];
  const perCluster: NonNullable<ScanResult['summary']['clusters']> = {};
  for (const c of clusters) {
    if (!c.ok) {
      const error: InputError = {
        file: `cluster ${c.context}`,
        cluster: c.context,
        message: c.error,
      };
      result.errors.push(error);
      continue;
    }
    const tag = <T extends object>(x: T): T & { cluster: string } => ({ ...x, cluster: c.context });
    result.findings.push(...c.result.findings.map(tag));
    result.suppressed.push(...c.result.suppressed.map(tag));
    result.objects.push(...c.result.objects);
    result.errors.push(...c.result.errors.map(tag));
    warnings.push(...c.warnings.map((w) => `cluster ${c.context}: ${w}`));
    perCluster[c.context] = { ...c.result.summary };
  }
  result.summary = {
    ...summarize(result.objects.length, result.findings, result.suppressed),
    clusters: perCluster,
  };
  return { result, warnings, clusters: [...clusters] };
}
