// Several clusters in one TUI: a source per context, merged into one view with `cluster` on each finding.
import { summarize, type Finding, type TenantResolver } from '@portguard/core';
import type { ClusterView, FindingsSource, SourceInfo, SourceStatus } from './findings-source.js';

/**
 * Merges the views of `sources` (one per context): every finding tagged with its cluster, objects
 * side by side, counts summed. A status is the worst of the clusters': one disconnected cluster
 * shows as disconnected (naming it) while the others keep updating.
 */
export function fleetSource(
  sources: ReadonlyArray<{ context: string; source: FindingsSource }>,
  info: SourceInfo,
): FindingsSource {
  return {
    info: { ...info, clusters: sources.map((s) => s.context) },
    start(listener) {
      const views = new Map<string, ClusterView>();
      const statuses = new Map<string, SourceStatus>();
      const publish = () => listener.onView(mergeViews(sources, views));
      const stops = sources.map(({ context, source }) =>
        source.start({
          onView(view) {
            views.set(context, tagView(view, context));
            publish();
          },
          onStatus(status) {
            statuses.set(context, status);
            listener.onStatus(worstStatus(sources, statuses));
          },
        }),
      );
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}

function tagView(view: ClusterView, cluster: string): ClusterView {
  return { ...view, findings: view.findings.map((f): Finding => ({ ...f, cluster })) };
}

function mergeViews(
  sources: ReadonlyArray<{ context: string }>,
  views: ReadonlyMap<string, ClusterView>,
): ClusterView {
  const shown = sources.map((s) => views.get(s.context)).filter((v) => v !== undefined);
  const findings = shown.flatMap((v) => v.findings);
  const objects = shown.flatMap((v) => v.objects);
  const suppressed = shown.reduce((n, v) => n + v.summary.suppressed, 0);
  const summary = { ...summarize(objects.length, findings, []), suppressed };
  // A namespace's tenant is that of the first cluster that knows the namespace.
  const tenantOf: TenantResolver = (ns) => {
    for (const v of shown) {
      const t = v.tenantOf(ns);
      if (t !== undefined) return t;
    }
    return undefined;
  };
  return { objects, findings, summary, tenantOf };
}

const RANK: Record<SourceStatus['state'], number> = {
  live: 0,
  listing: 1,
  disconnected: 2,
  failed: 3,
};

function worstStatus(
  sources: ReadonlyArray<{ context: string }>,
  statuses: ReadonlyMap<string, SourceStatus>,
): SourceStatus {
  let worst: { context: string; status: SourceStatus } | undefined;
  let listed = 0;
  for (const { context } of sources) {
    const status = statuses.get(context) ?? { state: 'listing', listed: 0 };
    if (status.state === 'listing') listed += status.listed;
    if (!worst || RANK[status.state] > RANK[worst.status.state]) worst = { context, status };
  }
  if (!worst || worst.status.state === 'live') return { state: 'live' };
  if (worst.status.state === 'listing') return { state: 'listing', listed };
  return { ...worst.status, reason: `cluster ${worst.context}: ${worst.status.reason}` };
}
