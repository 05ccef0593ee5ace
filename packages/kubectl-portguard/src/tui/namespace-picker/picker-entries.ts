// The choices of the namespace/tenant picker, with finding counts, built once per view.
import type { Finding, ManifestObject, TenantResolver } from '@portguard/core';
import { namespaceOf, tenantOfFinding, type Scope } from '../model/view-filter.js';

export interface PickerEntry {
  key: string;
  label: string;
  /** Undefined for "all namespaces". */
  scope?: Scope;
  count: number;
}

/**
 * "all namespaces" first, then tenants that hold more than their own namespace, then every
 * namespace (those with findings and those listed as Namespace objects), alphabetically.
 */
export function pickerEntries(
  findings: readonly Finding[],
  objects: readonly ManifestObject[],
  tenantOf: TenantResolver,
): PickerEntry[] {
  const byNs = new Map<string, number>();
  const byTenant = new Map<string, number>();
  for (const o of objects) if (o.value.kind === 'Namespace' && o.ref.name) byNs.set(o.ref.name, 0);
  for (const f of findings) {
    const ns = namespaceOf(f);
    if (ns !== undefined) byNs.set(ns, (byNs.get(ns) ?? 0) + 1);
    const t = tenantOfFinding(f, tenantOf);
    if (t !== undefined) byTenant.set(t, (byTenant.get(t) ?? 0) + 1);
  }
  for (const ns of byNs.keys()) {
    const t = tenantOf(ns);
    if (t !== undefined && !byTenant.has(t)) byTenant.set(t, 0);
  }
  const entries: PickerEntry[] = [{ key: 'all', label: 'all namespaces', count: findings.length }];
  for (const [t, count] of [...byTenant].sort(([a], [b]) => a.localeCompare(b))) {
    if (
      byNs.has(t) &&
      tenantOf(t) === t &&
      ![...byNs.keys()].some((ns) => ns !== t && tenantOf(ns) === t)
    )
      continue;
    entries.push({
      key: `tenant:${t}`,
      label: `tenant ${t}`,
      scope: { kind: 'tenant', name: t },
      count,
    });
  }
  for (const [ns, count] of [...byNs].sort(([a], [b]) => a.localeCompare(b))) {
    entries.push({
      key: `ns:${ns}`,
      label: `namespace ${ns}`,
      scope: { kind: 'namespace', name: ns },
      count,
    });
  }
  return entries;
}

/** Entries whose label contains every word of the query. */
export function searchEntries(entries: readonly PickerEntry[], query: string): PickerEntry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...entries];
  return entries.filter((e) => words.every((w) => e.label.toLowerCase().includes(w)));
}
