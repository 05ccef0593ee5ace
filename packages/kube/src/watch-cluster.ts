// Live view of a cluster for the TUI: list-then-watch every scanned kind, snapshots on change, status events.
import { setMaxListeners } from 'node:events';
import type { ManifestObject } from '@portguard/core';
import { ApiError, KubeClient } from './kube-client.js';
import { Informer, type BackoffOptions } from './informer.js';
import { discoverKinds, undiscoveredWarnings } from './list-cluster.js';
import { collapseOwned } from './collapse-owned.js';
import { loadKubeconfig } from './load-kubeconfig.js';
import { resourceName, type ResourceKind } from './resource-kinds.js';
import type { ClusterTarget, StopWatch, WatchHandlers, WatchStatus } from './watch-types.js';

export type { ClusterTarget, StopWatch, WatchHandlers, WatchStatus } from './watch-types.js';

export interface WatchOptions {
  /** Reconnect backoff (default 500 ms doubling to 10 s). */
  backoff?: BackoffOptions;
  /** Snapshots are coalesced: at most one per this many ms (default 100). */
  coalesceMs?: number;
}

/**
 * Watches the cluster of `target` (the same flags as `scan`): lists every kind a scan reads,
 * then watches each (informer style). `onSnapshot` gets the whole current set after the first
 * listing and after every change; `onStatus` gets listing progress, `live`, and `disconnected`
 * (with the reason and the retry delay) while the server is unreachable. A 410 Gone relists.
 * A kubeconfig problem throws a ClusterError at once (nothing to retry).
 *
 * @example
 * const stop = watchCluster({ allNamespaces: true }, {
 *   onSnapshot: (objects) => render(scanObjects(objects)),
 *   onStatus: (s) => setBanner(s.state),
 * });
 * await stop();
 */
export function watchCluster(
  target: ClusterTarget,
  handlers: WatchHandlers,
  options: WatchOptions = {},
): StopWatch {
  const loaded = loadKubeconfig(target);
  // Watches hold their sockets open: no small bound here, one socket per watched kind.
  const client = new KubeClient(loaded, 256);
  const where = { server: loaded.server, context: loaded.context };
  const backoff = options.backoff ?? { initialMs: 500, maxMs: 10_000 };
  const coalesceMs = options.coalesceMs ?? 100;
  const controller = new AbortController();
  // Every informer listens for the stop signal.
  setMaxListeners(0, controller.signal);
  const namespace = target.allNamespaces ? undefined : loaded.namespace;
  const informers: Informer[] = [];
  const running: Promise<void>[] = [];
  /** Kinds forbidden everywhere, and per namespace the kinds forbidden there (for warnings). */
  const forbiddenKinds: string[] = [];
  const forbiddenKindList: ResourceKind[] = [];
  const forbiddenIn = new Map<string, string[]>();
  let namespacedKinds = 0;
  /** Discovery documents forbidden at boot (see discoverKinds). */
  const undiscovered: string[] = [];
  const warnings = (): string[] => [
    ...undiscovered,
    ...forbiddenKinds.map((k) => `${k} skipped: forbidden (403)`),
    ...[...forbiddenIn]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(
        ([ns, kinds]) =>
          `namespace "${ns}" skipped: forbidden to list ${kinds.length === namespacedKinds ? 'any of its resources' : [...kinds].sort().join(', ')} (403)`,
      ),
  ];
  const failing = new Map<Informer, string>();
  const listedCount = new Map<Informer, number>();
  let unsynced = 0;
  let live = false;
  /** Every kind's informer has been started (the first snapshot waits for all of them). */
  let booted = false;
  let timer: NodeJS.Timeout | undefined;

  const status = (s: WatchStatus) => {
    if (!controller.signal.aborted) handlers.onStatus(s);
  };
  // With -n, the other namespaces' objects are not part of the view.
  const inScope = (o: ManifestObject) =>
    namespace === undefined || o.value.kind !== 'Namespace' || o.ref.name === namespace;
  const objects = (): ManifestObject[] =>
    informers.flatMap((i) => [...i.objects.values()].filter(inScope));
  const emitSnapshot = () => {
    timer = undefined;
    if (controller.signal.aborted) return;
    const listed = objects();
    handlers.onSnapshot(collapseOwned(listed), listed);
  };
  /** A kind is up when it has informers left (not forbidden) and each is synced and not failing. */
  const down = new Set<Informer>();
  const retired = new Set<Informer>();
  const kindHealth = (kind: ResourceKind) => {
    if (controller.signal.aborted || !handlers.onKindHealth) return;
    const same = informers.filter((i) => i.kind.kind === kind.kind && !retired.has(i));
    handlers.onKindHealth(kind.kind, same.length > 0 && same.every((i) => !down.has(i)));
  };
  const scheduleSnapshot = () => {
    if (!booted || unsynced > 0 || timer) return;
    timer = setTimeout(emitSnapshot, coalesceMs);
  };
  const reportState = () => {
    if (failing.size > 0) return;
    if (!booted || unsynced > 0) {
      const listed = [...listedCount.values()].reduce((a, b) => a + b, 0);
      status({ state: 'listing', listed, ...where });
    } else {
      live = true;
      status({
        state: 'live',
        objects: objects().length,
        warnings: warnings(),
        forbiddenKinds: [...forbiddenKindList],
        ...where,
      });
    }
  };

  const start = (kind: ResourceKind, ns: string | undefined, onSettled?: () => void) => {
    let synced = false;
    unsynced++;
    const health = (up: boolean) => {
      if (up && synced) down.delete(informer);
      else down.add(informer);
      kindHealth(kind);
    };
    const informer: Informer = new Informer(
      client,
      kind,
      ns,
      {
        onChange: () => {
          if (kind.kind === 'Namespace' && ns === undefined) followNewNamespaces();
          scheduleSnapshot();
        },
        onListProgress: (n) => {
          listedCount.set(informer, n);
          if (!live) reportState();
        },
        onSynced: () => {
          synced = true;
          unsynced--;
          health(true);
          onSettled?.();
          if (booted && unsynced === 0) emitSnapshot();
          reportState();
        },
        onError: (reason, retryInMs) => {
          failing.set(informer, reason);
          health(false);
          status({ state: 'disconnected', reason: client.redact(reason), retryInMs, ...where });
        },
        onRecovered: () => {
          failing.delete(informer);
          health(true);
          reportState();
        },
        onForbidden: (e) => {
          if (!synced) unsynced--;
          retired.add(informer);
          down.delete(informer);
          onSettled?.();
          onForbidden(kind, ns, e);
          kindHealth(kind);
          if (booted && unsynced === 0) emitSnapshot();
          reportState();
        },
      },
      backoff,
      controller.signal,
    );
    down.add(informer);
    informers.push(informer);
    running.push(informer.run());
  };

  /** Kinds forbidden cluster-wide, watched namespace by namespace: the namespaces watched. */
  const perNamespace = new Map<ResourceKind, Set<string>>();
  const namespaceNames = () =>
    informers
      .filter((i) => i.kind.kind === 'Namespace' && i.namespace === undefined)
      .flatMap((i) => [...i.objects.values()].map((o) => o.ref.name));
  /** A namespace created after the fall-back to per-namespace watches gets its watches too. */
  const followNewNamespaces = () => {
    if (perNamespace.size === 0 || controller.signal.aborted) return;
    const names = namespaceNames();
    for (const [kind, watched] of perNamespace)
      for (const n of names)
        if (!watched.has(n)) {
          watched.add(n);
          start(kind, n);
        }
  };

  const onForbidden = (kind: ResourceKind, ns: string | undefined, _e: ApiError) => {
    if (ns === undefined && kind.namespaced) {
      // Forbidden cluster-wide: RBAC may still grant it namespace by namespace.
      const names = namespaceNames();
      if (names.length > 0) {
        perNamespace.set(kind, new Set(names));
        for (const n of names) start(kind, n);
        return;
      }
    }
    if (ns === undefined) {
      forbiddenKinds.push(resourceName(kind));
      forbiddenKindList.push(kind);
    } else forbiddenIn.set(ns, [...(forbiddenIn.get(ns) ?? []), resourceName(kind)]);
  };

  const boot = async () => {
    let delay = backoff.initialMs;
    let kinds: ResourceKind[] | undefined;
    status({ state: 'listing', listed: 0, ...where });
    while (!kinds && !controller.signal.aborted) {
      try {
        const found = await discoverKinds(client);
        kinds = found.kinds;
        forbiddenKindList.push(...found.undiscovered);
        undiscovered.push(...undiscoveredWarnings(found.undiscovered));
      } catch (e) {
        if (controller.signal.aborted) return;
        status({
          state: 'disconnected',
          reason: client.redact(e instanceof Error ? e.message : String(e)),
          retryInMs: delay,
          ...where,
        });
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, delay);
          controller.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), {
            once: true,
          });
        });
        delay = Math.min(delay * 2, backoff.maxMs);
      }
    }
    if (!kinds || controller.signal.aborted) return;
    // Namespaces first, so a kind forbidden cluster-wide can fall back to one watch per namespace.
    const nsKind = kinds.find((k) => k.kind === 'Namespace')!;
    await new Promise<void>((resolve) => {
      controller.signal.addEventListener('abort', () => resolve(), { once: true });
      start(nsKind, undefined, resolve);
    });
    namespacedKinds = kinds.filter((k) => k.namespaced).length;
    for (const k of kinds) {
      if (k.kind === 'Namespace') continue;
      start(k, k.namespaced ? namespace : undefined);
    }
    booted = true;
  };
  running.push(boot());

  return async () => {
    controller.abort();
    if (timer) clearTimeout(timer);
    await Promise.allSettled(running);
    client.close();
  };
}
