// The part of the cluster's state a review needs, indexed so a review costs the same on 10 or 10,000 pods.
import { hostPortsOf, isObject, type ManifestObject, type ObjectRef } from '@portguard/core';
import { refKey } from '../watch/finding-key.js';

/** What review() knows of the cluster, built once per snapshot by `reviewContext`. */
export interface ReviewContext {
  /** False until the first full list: a review then cannot know tenants, annotations or conflicts. */
  synced: boolean;
  /**
   * Cluster-scoped objects every review scans beside the reviewed one: admission policies, Kyverno
   * and Gatekeeper policies, Capsule Tenants (everything cluster-scoped but Namespaces and Nodes,
   * which no rule reads).
   */
  base: readonly ManifestObject[];
  /** Namespaces by name (tenant labels, ignore annotations, Pod Security labels). */
  namespaces: ReadonlyMap<string, ManifestObject>;
  /** Namespaced objects that are neither workloads nor Services (NetworkPolicies…), by namespace. */
  byNamespace: ReadonlyMap<string, readonly ManifestObject[]>;
  /** Workloads by `port/PROTOCOL` of the hostPorts they bind. */
  byHostPort: ReadonlyMap<string, readonly ManifestObject[]>;
  /** Services by the nodePorts they hold. */
  byNodePort: ReadonlyMap<number, readonly ManifestObject[]>;
}

/** Before the first list: reviews are admitted with a warning (see review()). */
export const EMPTY_CONTEXT: ReviewContext = {
  synced: false,
  base: [],
  namespaces: new Map(),
  byNamespace: new Map(),
  byHostPort: new Map(),
  byNodePort: new Map(),
};

const isWorkloadOrService = (o: ManifestObject) =>
  o.value.kind === 'Service' ||
  Array.isArray(o.value.spec?.containers) ||
  o.value.template !== undefined ||
  o.value.spec?.template !== undefined ||
  o.value.spec?.jobTemplate !== undefined;

/** The nodePorts a Service holds (any type: a ClusterIP Service holds none). */
export function nodePortsOf(o: ManifestObject): number[] {
  if (o.value.kind !== 'Service' || !Array.isArray(o.value.spec?.ports)) return [];
  const out: number[] = [];
  for (const p of o.value.spec.ports) {
    const n = Number(isObject(p) ? p.nodePort : undefined);
    if (Number.isInteger(n) && n > 0) out.push(n);
  }
  return out;
}

/** Indexes a snapshot (folded, as watchCluster gives it) for review(). */
export function reviewContext(objects: readonly ManifestObject[]): ReviewContext {
  const base: ManifestObject[] = [];
  const namespaces = new Map<string, ManifestObject>();
  const byNamespace = new Map<string, ManifestObject[]>();
  const byHostPort = new Map<string, ManifestObject[]>();
  const byNodePort = new Map<number, ManifestObject[]>();
  const add = <K>(m: Map<K, ManifestObject[]>, k: K, o: ManifestObject) => {
    const list = m.get(k) ?? [];
    if (!list.includes(o)) list.push(o);
    m.set(k, list);
  };
  for (const o of objects) {
    if (o.value.kind === 'Namespace') {
      namespaces.set(o.ref.name, o);
      continue;
    }
    if (o.value.kind === 'Node') continue;
    if (!isWorkloadOrService(o)) {
      if (o.ref.namespace === undefined) base.push(o);
      else add(byNamespace, o.ref.namespace, o);
      continue;
    }
    for (const use of hostPortsOf(o)) add(byHostPort, `${use.port}/${use.protocol}`, o);
    for (const port of nodePortsOf(o)) add(byNodePort, port, o);
  }
  return { synced: true, base, namespaces, byNamespace, byHostPort, byNodePort };
}

/**
 * The objects to scan with `object`: the cluster-scoped base; the workloads and Services that
 * share a hostPort/protocol or a nodePort with it (the only ones a conflict rule can pair it
 * with), less the object's own stored version (an UPDATE replaces it); the Namespaces of all of
 * them (tenants); and the NetworkPolicies and such of the object's namespace (posture). Every
 * finding on the object depends on these alone, so a review costs the same on 10 or 10,000 pods.
 */
export function objectsToScan(context: ReviewContext, object: ManifestObject): ManifestObject[] {
  const self = refKey(object.ref);
  const others = new Set<ManifestObject>();
  for (const use of hostPortsOf(object))
    for (const o of context.byHostPort.get(`${use.port}/${use.protocol}`) ?? []) others.add(o);
  for (const port of nodePortsOf(object))
    for (const o of context.byNodePort.get(port) ?? []) others.add(o);
  const sameAs = (ref: ObjectRef) => refKey(ref) === self;
  const partners = [...others].filter((o) => !sameAs(o.ref));
  const names = new Set(
    [object, ...partners].map((o) => o.ref.namespace).filter((n) => n !== undefined),
  );
  const namespaces = [...names].flatMap((n) => {
    const ns = context.namespaces.get(n);
    return ns ? [ns] : [];
  });
  const local =
    object.ref.namespace !== undefined ? (context.byNamespace.get(object.ref.namespace) ?? []) : [];
  return [...context.base, ...namespaces, ...local, ...partners, object];
}
