// The live findings source: the cluster module's watch, each snapshot scanned by the core engine.
import type { ScanOptions } from '@portguard/core';
import type { ClusterTarget, StopWatch, WatchHandlers, WatchStatus } from '@portguard/kube';
import {
  viewOf,
  type FindingsSource,
  type SourceInfo,
  type SourceStatus,
} from './findings-source.js';

/** The watch API of src/cluster (watchCluster), injected so the source stays a thin adapter. */
export type WatchFn = (target: ClusterTarget, handlers: WatchHandlers) => StopWatch;

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
      const scanLatest = () => {
        scheduled = false;
        if (stopped || !pending) return;
        const objects = pending;
        pending = undefined;
        listener.onView(viewOf(objects, scanOptions));
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
