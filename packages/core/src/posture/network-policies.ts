// The NetworkPolicies of each namespace, which hostPort and hostNetwork traffic goes around.
import type { ManifestObject } from '../types.js';

/** Rules whose traffic reaches the node, outside the CNI, where NetworkPolicies do not apply. */
export const BYPASSING_RULES: readonly string[] = ['host-port', 'host-network'];

function isNetworkPolicy(o: ManifestObject): boolean {
  return (
    o.value.kind === 'NetworkPolicy' &&
    typeof o.value.apiVersion === 'string' &&
    o.value.apiVersion.startsWith('networking.k8s.io/')
  );
}

/** Namespace → the sorted names of the NetworkPolicies in it. */
export function networkPoliciesByNamespace(
  objects: readonly ManifestObject[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of objects) {
    if (!isNetworkPolicy(o) || !o.ref.namespace || !o.ref.name) continue;
    const list = out.get(o.ref.namespace) ?? [];
    if (!list.includes(o.ref.name)) list.push(o.ref.name);
    out.set(o.ref.namespace, list);
  }
  for (const list of out.values()) list.sort();
  return out;
}

/** `; bypasses NetworkPolicy "a", "b" in namespace team-a` */
export function bypassSuffix(namespace: string, policies: readonly string[]): string {
  return `; bypasses NetworkPolicy ${policies.map((p) => JSON.stringify(p)).join(', ')} in namespace ${namespace}`;
}
