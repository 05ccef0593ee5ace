// What the TUI shows comes through this narrow interface: a stream of cluster views and statuses.
import {
  defaultConfig,
  scanObjects,
  summarize,
  tenantResolver,
  type Finding,
  type ManifestObject,
  type ScanOptions,
  type ScanSummary,
  type TenantResolver,
} from '@portguard/core';

/** Where the source is: first listing (with progress), watching, or waiting to reconnect. */
export type SourceStatus =
  | { state: 'listing'; listed: number; total?: number }
  | { state: 'live' }
  | { state: 'disconnected'; reason: string; retryInMs?: number }
  | { state: 'failed'; reason: string };

/** One consistent picture of the cluster: the objects and what the rules found in them. */
export interface ClusterView {
  objects: readonly ManifestObject[];
  findings: readonly Finding[];
  summary: ScanSummary;
  /** Namespace → tenant, by the same labels the rules used. */
  tenantOf: TenantResolver;
}

/** Who the TUI is looking at, for the header. */
export interface SourceInfo {
  context?: string;
  server?: string;
  /** `all namespaces` or `namespace team-a`. */
  scope: string;
  /** A fleet view: the contexts watched, in order (`c` cycles through them). */
  clusters?: readonly string[];
}

export interface SourceListener {
  onView(view: ClusterView): void;
  /** `target` names the context and server once the source knows them. */
  onStatus(status: SourceStatus, target?: { context?: string; server?: string }): void;
}

/** A producer of views: `start` begins delivering to the listener and returns a stop function. */
export interface FindingsSource {
  readonly info: SourceInfo;
  start(listener: SourceListener): () => void;
}

/** Runs the rules over a set of objects: the one place the TUI turns objects into findings. */
export function viewOf(objects: readonly ManifestObject[], options: ScanOptions = {}): ClusterView {
  const { findings, suppressed } = scanObjects(objects, options);
  return {
    objects,
    findings,
    summary: summarize(objects.length, findings, suppressed),
    tenantOf: tenantResolver(objects, options.config ?? defaultConfig()),
  };
}

/**
 * A source over a fixed set of objects (manifests already read, a snapshot): delivers one view
 * and reports itself live. Used for files and by tests that need the real engine without a server.
 */
export function objectsSource(
  objects: readonly ManifestObject[],
  info: SourceInfo,
  options: ScanOptions = {},
): FindingsSource {
  return {
    info,
    start(listener) {
      listener.onStatus({ state: 'listing', listed: 0, total: objects.length });
      listener.onView(viewOf(objects, options));
      listener.onStatus({ state: 'live' });
      return () => {};
    },
  };
}
