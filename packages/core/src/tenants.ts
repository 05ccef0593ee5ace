// Who owns a namespace: a tenant label on the namespace (Capsule, Stakater, HNC), else the namespace itself.
import type { PortguardConfig } from './config/config.js';
import { labelsOf } from './objects.js';
import type { ManifestObject } from './types.js';

export type TenantResolver = (namespace: string | undefined) => string | undefined;

/**
 * The entry of `tenantLabels` that stands for HNC's tree labels: HNC puts
 * `<ancestor>.tree.hnc.x-k8s.io/depth: "<n>"` on a namespace for itself and every ancestor.
 */
export const HNC_TREE_LABEL = 'tree.hnc.x-k8s.io/depth';

const HNC_SUFFIX = `.${HNC_TREE_LABEL}`;

/**
 * The root of a namespace's HNC hierarchy: the ancestor with the highest depth.
 * `{ 'org.tree.hnc.x-k8s.io/depth': '2', 'team.tree…': '1', 'dev.tree…': '0' }` → `org`.
 */
export function hncRoot(labels: Record<string, unknown>): string | undefined {
  let root: string | undefined;
  let best = -1;
  for (const [key, value] of Object.entries(labels)) {
    if (!key.endsWith(HNC_SUFFIX)) continue;
    const name = key.slice(0, -HNC_SUFFIX.length);
    const depth = Number(value);
    if (!name || !Number.isInteger(depth) || depth < 0) continue;
    if (depth > best) {
      best = depth;
      root = name;
    }
  }
  return root;
}

/** The tenant a Namespace object's labels name, by the first present key of `tenantLabels`. */
export function tenantFromLabels(
  labels: Record<string, unknown>,
  tenantLabels: readonly string[],
): string | undefined {
  for (const key of tenantLabels) {
    if (key === HNC_TREE_LABEL) {
      const root = hncRoot(labels);
      if (root) return root;
    } else if (typeof labels[key] === 'string' && labels[key]) {
      return labels[key] as string;
    }
  }
  return undefined;
}

/**
 * Builds the namespace → tenant map from the Namespace objects in the set. Without a tenant
 * label each namespace is its own tenant, which is the safe default for conflicts.
 */
export function tenantResolver(
  objects: readonly ManifestObject[],
  config: PortguardConfig,
): TenantResolver {
  const byNamespace = new Map<string, string>();
  for (const o of objects) {
    if (o.value.kind !== 'Namespace' || !o.ref.name) continue;
    const tenant = tenantFromLabels(labelsOf(o.value), config.tenantLabels);
    if (tenant) byNamespace.set(o.ref.name, tenant);
  }
  return (ns) => (ns === undefined ? undefined : (byNamespace.get(ns) ?? ns));
}
