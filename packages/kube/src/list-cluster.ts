// Lists everything a scan needs from a live cluster, bounded and paginated; forbidden parts become warnings.
import type { ManifestObject } from '@portguard/core';
import { ClusterError } from './errors.js';
import { bounded } from './bounded.js';
import { ApiError, type KubeClient } from './kube-client.js';
import { listPages } from './list-pages.js';
import { podTemplateCrdKinds } from './pod-template-crds.js';
import { POLICY_CRD_GROUPS, undiscoveredKinds } from './posture-claims.js';
import {
  collectionPath,
  GATEKEEPER_CONSTRAINTS,
  OPTIONAL_CRD_KINDS,
  SCANNED_KINDS,
  resourceName,
  type ResourceKind,
} from './resource-kinds.js';
import { toManifestObject } from './to-manifest-object.js';
import type { Keep } from './trim-object.js';

export interface ListClusterOptions {
  /** One namespace; undefined lists every namespace. */
  namespace?: string;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  pageSize?: number;
  /** With every namespace asked but namespaces not listable: the one to scan instead (the context's). */
  fallbackNamespace?: string;
  /** How much of each object is kept (default `view`; a scan's `rules` trims every Pod). */
  keep?: Keep;
  /** Called after each page with the number of objects listed so far. */
  onProgress?: (listed: number) => void;
}

export interface ClusterListing {
  objects: ManifestObject[];
  /** What could not be read, one line each (`namespace "x" skipped: …`). */
  warnings: string[];
  /** Cluster-scoped kinds the credentials may not list (403): claims about them cannot be made. */
  forbiddenKinds: ResourceKind[];
}

const isForbidden = (e: unknown) => e instanceof ApiError && e.code === 403;
const isNotFound = (e: unknown) => e instanceof ApiError && e.code === 404;

/** What discovery found: the kinds to list, and stand-ins for policy kinds it was forbidden to see. */
export interface DiscoveredKinds {
  kinds: ResourceKind[];
  /** See undiscoveredKinds: they join `forbiddenKinds`, so the posture claim is withheld. */
  undiscovered: ResourceKind[];
}

/**
 * The kinds to list on this server: the built-in ones whose group it serves (all of them when it
 * does not answer /apis, as some API stand-ins do not), plus the CRDs portguard reads.
 */
export async function discoverKinds(client: KubeClient): Promise<DiscoveredKinds> {
  let served: Set<string> | undefined;
  const undiscovered: ResourceKind[] = [];
  try {
    const groups = await client.getJson('/apis');
    served = new Set<string>(
      (groups?.groups ?? []).flatMap((g: any) =>
        (g.versions ?? []).map((v: any) => String(v.groupVersion)),
      ),
    );
  } catch (e) {
    if (!isForbidden(e) && !isNotFound(e)) throw e;
    // A stand-in without /apis serves no CRDs; a 403 hides whether policy CRDs are served.
    if (isForbidden(e)) undiscovered.push(...undiscoveredKinds('/apis', POLICY_CRD_GROUPS));
  }
  const isServed = (k: ResourceKind) =>
    !served || k.group === '' || served.has(`${k.group}/${k.version}`);
  const kinds = [
    ...SCANNED_KINDS.filter(isServed),
    ...OPTIONAL_CRD_KINDS.filter((k) => served?.has(`${k.group}/${k.version}`)),
  ];
  // Any CRD with a pod template (OpenKruise, Knative, OpenShift…), unless already listed.
  const listed = new Set(kinds.map((k) => `${k.group}/${k.plural}`));
  for (const k of await podTemplateCrdKinds(client, served))
    if (!listed.has(`${k.group}/${k.plural}`)) kinds.push(k);
  const gk = `${GATEKEEPER_CONSTRAINTS.group}/${GATEKEEPER_CONSTRAINTS.version}`;
  if (served?.has(gk)) {
    let list: any;
    try {
      list = await client.getJson(`/apis/${gk}`);
    } catch (e) {
      if (isForbidden(e))
        undiscovered.push(...undiscoveredKinds(gk, [GATEKEEPER_CONSTRAINTS.group]));
      else if (!isNotFound(e)) throw e;
    }
    for (const r of list?.resources ?? []) {
      if (String(r.name).includes('/')) continue;
      kinds.push({
        ...GATEKEEPER_CONSTRAINTS,
        kind: r.kind,
        plural: r.name,
        namespaced: false,
        optional: true,
      });
    }
  }
  return { kinds, undiscovered };
}

/** The kinds to list on this server (see discoverKinds). */
export async function kindsToList(client: KubeClient): Promise<ResourceKind[]> {
  return (await discoverKinds(client)).kinds;
}

/** One warning per discovery document that was forbidden, naming the groups not listed. */
export function undiscoveredWarnings(undiscovered: readonly ResourceKind[]): string[] {
  const groups = new Map<string, string[]>();
  for (const k of undiscovered) groups.set(k.plural, [...(groups.get(k.plural) ?? []), k.group]);
  return [...groups].map(([what, gs]) => `${what} forbidden (403): ${gs.join(', ')} not listed`);
}

/**
 * Some API servers answer a cluster-wide list by leaving out the namespaces the user may not
 * read, instead of refusing it (403). A namespace of which nothing was listed is then asked
 * directly, one item of each kind, so a forbidden one is named rather than passed as clean.
 */
async function probeEmptyNamespaces(
  client: KubeClient,
  namespaces: string[],
  objects: ManifestObject[],
  kinds: ResourceKind[],
  forbidden: Map<string, string[]>,
  forbid: (ns: string, kind: ResourceKind) => void,
  run: <T>(job: () => Promise<T>) => Promise<T>,
): Promise<void> {
  const seen = new Set(objects.map((o) => o.ref.namespace));
  const empty = namespaces.filter((ns) => !seen.has(ns) && !forbidden.has(ns));
  const namespaced = kinds.filter((k) => k.namespaced);
  await Promise.all(
    empty.flatMap((ns) =>
      namespaced.map((kind) =>
        run(() => client.getJson(`${collectionPath(kind, ns)}?limit=1`)).catch((e: unknown) => {
          if (isForbidden(e)) forbid(ns, kind);
          else if (!isNotFound(e)) throw e;
        }),
      ),
    ),
  );
}

/**
 * A user who may not list namespaces may still GET its own (a RoleBinding there allows it): the
 * Namespace objects carry the tenant labels, so `-A` names the same tenants as `-n` does.
 */
async function getEachNamespace(
  client: KubeClient,
  nsKind: ResourceKind,
  objects: ManifestObject[],
  known: string[],
  add: (page: ManifestObject[]) => void,
  run: <T>(job: () => Promise<T>) => Promise<T>,
): Promise<void> {
  const names = new Set(known);
  for (const o of objects) if (o.ref.namespace) names.add(o.ref.namespace);
  const found = await Promise.all(
    [...names].sort().map((ns) =>
      run(() => client.getJson(`/api/v1/namespaces/${encodeURIComponent(ns)}`)).catch(
        (e: unknown) => {
          if (isForbidden(e) || isNotFound(e)) return undefined;
          throw e;
        },
      ),
    ),
  );
  add(found.filter((ns) => ns !== undefined).map((ns) => toManifestObject(ns, nsKind)));
}

/** Lists the cluster for a scan. Unreachable server or rejected credentials throw a ClusterError. */
export async function listCluster(
  client: KubeClient,
  options: ListClusterOptions = {},
): Promise<ClusterListing> {
  const run = bounded(options.concurrency ?? 4);
  const objects: ManifestObject[] = [];
  const warnings: string[] = [];
  const forbiddenKinds: ResourceKind[] = [];
  /** namespace → resources it was forbidden to list there. */
  const forbidden = new Map<string, string[]>();
  const forbid = (ns: string, kind: ResourceKind) =>
    forbidden.set(ns, [...(forbidden.get(ns) ?? []), resourceName(kind)]);
  const add = (page: ManifestObject[]) => {
    for (const o of page) objects.push(o);
    options.onProgress?.(objects.length);
  };
  /** Whether any list at all was allowed: credentials that may read nothing are an error. */
  let listedAny = false;
  /** Objects of lists still running: kept apart until each is whole (a restart drops them). */
  let pending = 0;
  const list = (kind: ResourceKind, ns?: string) =>
    run(async () => {
      const mine: ManifestObject[] = [];
      const rv = await listPages(
        client,
        kind,
        ns,
        (page) => {
          for (const o of page) mine.push(o);
          pending += page.length;
          options.onProgress?.(objects.length + pending);
        },
        {
          pageSize: options.pageSize,
          keep: options.keep,
          onRestart: () => {
            pending -= mine.length;
            mine.length = 0;
          },
        },
      ).finally(() => (pending -= mine.length));
      for (const o of mine) objects.push(o);
      listedAny = true;
      return rv;
    });

  const { kinds, undiscovered } = await discoverKinds(client);
  forbiddenKinds.push(...undiscovered);
  warnings.push(...undiscoveredWarnings(undiscovered));
  const nsKind = kinds.find((k) => k.kind === 'Namespace')!;
  let namespaces: string[] | undefined;
  /** Namespaces could not be listed: each one seen is then read one by one (GET), as -n does. */
  let getNamespaces = false;
  if (options.namespace !== undefined) {
    namespaces = [options.namespace];
    try {
      const ns = await client.getJson(
        `/api/v1/namespaces/${encodeURIComponent(options.namespace)}`,
      );
      add([toManifestObject(ns, nsKind)]);
    } catch (e) {
      if (isNotFound(e))
        throw new ClusterError(
          `namespace "${options.namespace}" not found on the cluster at ${client.server}`,
        );
      if (!isForbidden(e)) throw e;
      warnings.push(
        `cannot read namespace "${options.namespace}" itself (403): its tenant labels and annotations are not used`,
      );
    }
  } else {
    try {
      const before = objects.length;
      await list(nsKind);
      namespaces = objects.slice(before).map((o) => o.ref.name);
    } catch (e) {
      if (!isForbidden(e)) throw e;
      getNamespaces = true;
      if (options.fallbackNamespace !== undefined) namespaces = [options.fallbackNamespace];
      warnings.push(
        options.fallbackNamespace !== undefined
          ? `namespaces: forbidden to list them (403); where a kind is forbidden cluster-wide, only namespace "${options.fallbackNamespace}" (the context's) is scanned`
          : 'namespaces: forbidden to list them (403)',
      );
    }
  }

  const listOne = async (kind: ResourceKind): Promise<void> => {
    if (!kind.namespaced) {
      if (options.namespace !== undefined && kind.kind === 'Namespace') return;
      try {
        await list(kind);
      } catch (e) {
        if (isNotFound(e)) return; // not served by this server
        if (!isForbidden(e)) throw e;
        warnings.push(`${resourceName(kind)} skipped: forbidden (403)`);
        forbiddenKinds.push(kind);
      }
      return;
    }
    if (options.namespace === undefined) {
      try {
        await list(kind);
        return;
      } catch (e) {
        if (isNotFound(e)) return; // not served by this server
        if (!isForbidden(e)) throw e;
      }
      if (namespaces === undefined) {
        warnings.push(`${resourceName(kind)} skipped in every namespace: forbidden (403)`);
        return;
      }
    }
    // Forbidden cluster-wide (RBAC granted per namespace), or one namespace asked: list each.
    await Promise.all(
      namespaces!.map(async (ns) => {
        try {
          await list(kind, ns);
        } catch (e) {
          if (isNotFound(e)) return;
          if (!isForbidden(e)) throw e;
          forbid(ns, kind);
        }
      }),
    );
  };
  await Promise.all(kinds.filter((k) => k.kind !== 'Namespace').map(listOne));
  if (options.namespace === undefined && namespaces !== undefined)
    await probeEmptyNamespaces(client, namespaces, objects, kinds, forbidden, forbid, run);

  if (getNamespaces) await getEachNamespace(client, nsKind, objects, namespaces ?? [], add, run);

  for (const [ns, resources] of [...forbidden].sort(([a], [b]) => a.localeCompare(b))) {
    const all = resources.length === kinds.filter((k) => k.namespaced).length;
    // Scanning one namespace and reading none of it is not a clean result: it is no result.
    if (all && options.namespace !== undefined)
      throw new ClusterError(
        `the cluster at ${client.server} forbids listing anything in namespace "${ns}" (403)`,
      );
    warnings.push(
      `namespace "${ns}" skipped: forbidden to list ${all ? 'any of its resources' : resources.sort().join(', ')} (403)`,
    );
  }
  if (!listedAny && warnings.length > 0)
    throw new ClusterError(
      `the cluster at ${client.server} lets these credentials list nothing (403 for every kind)`,
    );
  return { objects, warnings, forbiddenKinds };
}
