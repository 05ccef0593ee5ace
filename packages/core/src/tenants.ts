// Who owns a namespace: a tenant label on the namespace, else the namespace itself.
import type { PortguardConfig } from './config/config.js';
import { labelsOf } from './objects.js';
import type { ManifestObject } from './types.js';

export type TenantResolver = (namespace: string | undefined) => string | undefined;

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
    const labels = labelsOf(o.value);
    const key = config.tenantLabels.find((k) => typeof labels[k] === 'string' && labels[k]);
    if (key) byNamespace.set(o.ref.name, labels[key]);
  }
  return (ns) => (ns === undefined ? undefined : (byNamespace.get(ns) ?? ns));
}
