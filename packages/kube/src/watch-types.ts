// The interface of watchCluster (src/cluster/watch-cluster.ts): what a live view (the TUI) receives.
import type { ManifestObject } from '@portguard/core';
import type { ResourceKind } from './resource-kinds.js';

/** Which cluster to talk to: the same flags as `kubectl` (and `kubectl portguard scan`). */
export interface ClusterTarget {
  /** `--kubeconfig FILE`; else `$KUBECONFIG` (colon-separated, merged first-wins), else `~/.kube/config`. */
  kubeconfig?: string;
  /** `--context NAME`; else the kubeconfig's current-context. */
  context?: string;
  /** `-n NS`; else the context's namespace, else `default`. */
  namespace?: string;
  /** `-A`: every namespace. */
  allNamespaces?: boolean;
  /** `--as USER`: impersonate this user (the `Impersonate-User` header), as kubectl does. */
  as?: string;
  /** `--as-group GROUP`, repeatable: `Impersonate-Group` headers. */
  asGroups?: string[];
  /** The environment to read `KUBECONFIG` and `HOME` from (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Use the pod's ServiceAccount instead of a kubeconfig (see in-cluster.ts); `true` reads
   * /var/run/secrets/kubernetes.io/serviceaccount, a string reads that folder instead.
   */
  inCluster?: boolean | string;
}

/**
 * Where the watch stands, for a status bar or banner:
 * - `listing`: the first (or a re-) listing is running; `listed` objects so far.
 * - `live`: every resource is listed and watched; changes arrive within a second.
 * - `disconnected`: a watch or list failed; `reason` is a one-line message without credentials,
 *   `retryInMs` when the next attempt starts (backoff 0.5 s doubling up to 10 s).
 */
export type WatchStatus =
  | { state: 'listing'; listed: number; server: string; context: string }
  | {
      state: 'live';
      objects: number;
      server: string;
      context: string;
      warnings: string[];
      /** Cluster-scoped kinds forbidden to list: see withholdUnreadableClaims. */
      forbiddenKinds?: ResourceKind[];
    }
  | { state: 'disconnected'; reason: string; retryInMs: number; server: string; context: string };

/** Callbacks of watchCluster. Both are called synchronously from the event loop; keep them cheap. */
export interface WatchHandlers {
  /**
   * The whole current set of objects (pods owned by a listed controller already folded into it,
   * with `podCount`), after the first listing and after every change (coalesced: at most one call
   * per 100 ms). Ready to pass to `scanObjects` from @portguard/core. `listed` is the same set
   * before folding (every pod), for counts of objects as the server holds them.
   */
  onSnapshot(objects: ManifestObject[], listed: readonly ManifestObject[]): void;
  /** Every change of state: listing progress, live, disconnected with the reason. */
  onStatus(status: WatchStatus): void;
  /**
   * The health of one kind's watch (`Pod`, `Service`…): true once it is listed and watched, false
   * while its list or watch fails (retrying) or when it is forbidden. Called on every change.
   */
  onKindHealth?(kind: string, up: boolean): void;
}

/** Stops every watch and timer; resolves once the connections are closed. */
export type StopWatch = () => Promise<void>;
