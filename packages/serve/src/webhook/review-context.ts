// The part of the cluster's state a review needs, indexed so a review costs the same on 10 or 10,000 pods.
import { hostPortsOf, isObject, type ManifestObject, type ObjectRef } from '@portguard/core';
import { refKey } from '../watch/finding-key.js';

/** What review() knows of the cluster, built once per snapshot by `reviewContext`. */
export interface ReviewContext {
  /**
   * Objects every review scans beside the reviewed one: Namespaces (tenants, ignore annotations,
   * Pod Security labels), NetworkPolicies, admission policies, Capsule Tenants… everything that
   * is neither a workload nor a Service.
   */
  base: readonly ManifestObject[];
  /** Workloads by `port/PROTOCOL` of the hostPorts they bind. */
  byHostPort: ReadonlyMap<string, readonly ManifestObject[]>;
  /** Services by the nodePorts they hold. */
  byNodePort: ReadonlyMap<number, readonly ManifestObject[]>;
}

/** An empty cluster: before the first list, a review sees only the object itself. */
export const EMPTY_CONTEXT: ReviewContext = {
  base: [],
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
  const byHostPort = new Map<string, ManifestObject[]>();
  const byNodePort = new Map<number, ManifestObject[]>();
  const add = <K>(m: Map<K, ManifestObject[]>, k: K, o: ManifestObject) => {
    const list = m.get(k) ?? [];
    if (!list.includes(o)) list.push(o);
    m.set(k, list);
  };
  for (const o of objects) {
    if (!isWorkloadOrService(o)) {
      base.push(o);
      continue;
    }
    for (const use of hostPortsOf(o)) add(byHostPort, `${use.port}/${use.protocol}`, o);
    for (const port of nodePortsOf(o)) add(byNodePort, port, o);
  }
  return { base, byHostPort, byNodePort };
}

/**
 * The objects to scan with `object`: the base, and the workloads and Services that share a
 * hostPort/protocol or a nodePort with it (the only ones a conflict rule can pair it with),
 * less the object's own stored version (an UPDATE replaces it).
 */
export function objectsToScan(context: ReviewContext, object: ManifestObject): ManifestObject[] {
  const self = refKey(object.ref);
  const others = new Set<ManifestObject>();
  for (const use of hostPortsOf(object))
    for (const o of context.byHostPort.get(`${use.port}/${use.protocol}`) ?? []) others.add(o);
  for (const port of nodePortsOf(object))
    for (const o of context.byNodePort.get(port) ?? []) others.add(o);
  const sameAs = (ref: ObjectRef) => refKey(ref) === self;
  return [
    ...context.base.filter((o) => !sameAs(o.ref)),
    ...[...others].filter((o) => !sameAs(o.ref)),
    object,
  ];
}
