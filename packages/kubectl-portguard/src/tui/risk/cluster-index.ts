// Lookups over one view's objects, built once per snapshot: objects by identity, policies by namespace, nodes.
import type { ManifestObject, ObjectRef } from '@portguard/core';

export interface ClusterIndex {
  byRef(ref: ObjectRef): ManifestObject | undefined;
  networkPolicies(namespace: string): readonly ManifestObject[];
  nodes: readonly ManifestObject[];
  /** Workloads and pods per namespace, to find what a Service selects. */
  workloads(namespace: string): readonly ManifestObject[];
}

export function refKey(ref: ObjectRef): string {
  return `${ref.kind}|${ref.namespace ?? ''}|${ref.name}`;
}

export function indexCluster(objects: readonly ManifestObject[]): ClusterIndex {
  const byKey = new Map<string, ManifestObject>();
  const policies = new Map<string, ManifestObject[]>();
  const workloads = new Map<string, ManifestObject[]>();
  const nodes: ManifestObject[] = [];
  const push = (m: Map<string, ManifestObject[]>, k: string, o: ManifestObject) => {
    const list = m.get(k);
    if (list) list.push(o);
    else m.set(k, [o]);
  };
  for (const o of objects) {
    byKey.set(refKey(o.ref), o);
    const kind = o.value.kind;
    if (kind === 'Node') nodes.push(o);
    else if (kind === 'NetworkPolicy' && o.ref.namespace) push(policies, o.ref.namespace, o);
    else if (o.ref.namespace && kind !== 'Service' && kind !== 'Namespace')
      push(workloads, o.ref.namespace, o);
  }
  return {
    byRef: (ref) => byKey.get(refKey(ref)),
    networkPolicies: (ns) => policies.get(ns) ?? [],
    nodes,
    workloads: (ns) => workloads.get(ns) ?? [],
  };
}
