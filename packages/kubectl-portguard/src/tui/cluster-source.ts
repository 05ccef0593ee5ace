// The live findings source: the cluster module's watch, each snapshot scanned by the core engine.
import type { ScanOptions } from '@portguard/core';
import { summarize, type Finding } from '@portguard/core';
import {
  withholdUnreadableClaims,
  type ClusterTarget,
  type ResourceKind,
  type StopWatch,
  type WatchHandlers,
  type WatchStatus,
} from '@portguard/kube';
import {
  viewOf,
  type FindingsSource,
  type SourceInfo,
  type SourceStatus,
} from './findings-source.js';

/** The watch API of src/cluster (watchCluster), injected so the source stays a thin adapter. */
export type WatchFn = (target: ClusterTarget, handlers: WatchHandlers) => StopWatch;

/** The finding counts of a summary, for findings a claim was withheld from. */
function countsOf(findings: readonly Finding[]) {
  const { findings: n, bySeverity } = summarize(0, findings, []);
  return { findings: n, bySeverity };
}

/** The cluster module's status as the header shows it. */
export function sourceStatusOf(s: WatchStatus): SourceStatus {
  switch (s.state) {
    case 'listing':
      return { state: 'listing', listed: s.listed };
    case 'live':
      return { state: 'live' };
    case 'disconnected':
      return { state: 'disconnected', reason: s.reason, retryInMs: s.retryInMs };
  }
}

/**
 * Watches `target` and turns each snapshot into a view. Snapshots that arrive while one is being
 * scanned are coalesced: only the newest is scanned next, so a burst of events costs one scan.
 */
export function clusterSource(
  target: ClusterTarget,
  info: SourceInfo,
  watch: WatchFn,
  scanOptions: ScanOptions = {},
): FindingsSource {
  return {
    info,
    start(listener) {
      let pending: Parameters<WatchHandlers['onSnapshot']>[0] | undefined;
      let scheduled = false;
      let stopped = false;
      /** Policy kinds forbidden to list: no claim about admission control is made from them. */
      let forbiddenKinds: ResourceKind[] = [];
      const scanLatest = () => {
        scheduled = false;
        if (stopped || !pending) return;
        const objects = pending;
        pending = undefined;
        const view = viewOf(objects, scanOptions);
        const kept = withholdUnreadableClaims(view.findings, [], forbiddenKinds);
        listener.onView(
          kept.findings.length === view.findings.length
            ? view
            : {
                ...view,
                findings: kept.findings,
                summary: { ...view.summary, ...countsOf(kept.findings) },
              },
        );
      };
      const stop = watch(target, {
        onSnapshot(objects) {
          pending = objects;
          if (!scheduled) {
            scheduled = true;
            setImmediate(scanLatest);
          }
        },
        onStatus(s) {
          if (s.state === 'live') forbiddenKinds = s.forbiddenKinds ?? [];
          if (!stopped)
            listener.onStatus(sourceStatusOf(s), { context: s.context, server: s.server });
        },
      });
      return () => {
        stopped = true;
        void stop();
      };
    },
  };
}
