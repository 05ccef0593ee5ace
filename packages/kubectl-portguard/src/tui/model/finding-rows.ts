// Findings laid out as list rows: a header row per tenant/namespace group, findings by severity inside.
import { compareSeverity, type Finding, type Severity, type TenantResolver } from '@portguard/core';
import { findingKey } from './finding-key.js';
import { matcher, namespaceOf, tenantOfFinding, type ViewFilter } from './view-filter.js';

export interface GroupRow {
  kind: 'group';
  key: string;
  tenant?: string;
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  count: number;
  worst: Severity;
}

export interface FindingRow {
  kind: 'finding';
  key: string;
  finding: Finding;
}

export type Row = GroupRow | FindingRow;

/** The rows of the list plus an index, so a selection can be found again by key in O(1). */
export interface RowModel {
  rows: readonly Row[];
  indexOfKey: ReadonlyMap<string, number>;
  /** How many findings passed the filter. */
  shown: number;
}

const CLUSTER = '\u0000cluster';

/**
 * Groups by tenant then namespace (alphabetical; cluster-scoped objects last) and sorts each group
 * by severity, then object, then rule. Built once per snapshot or filter change, never per keypress.
 */
export function buildRows(
  findings: readonly Finding[],
  filter: ViewFilter,
  tenantOf?: TenantResolver,
): RowModel {
  const keep = matcher(filter, tenantOf);
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!keep(f)) continue;
    const g = `${tenantOfFinding(f, tenantOf) ?? ''}\u0001${namespaceOf(f) ?? CLUSTER}`;
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(f);
  }
  const order = [...groups.keys()].sort(compareGroups);
  const rows: Row[] = [];
  const indexOfKey = new Map<string, number>();
  let shown = 0;
  for (const g of order) {
    const list = groups.get(g)!.sort(compareFindings);
    const [tenant, ns] = g.split('\u0001');
    rows.push({
      kind: 'group',
      key: `group:${g}`,
      ...(tenant ? { tenant } : {}),
      ...(ns === CLUSTER ? {} : { namespace: ns }),
      count: list.length,
      worst: list[0].severity,
    });
    for (const finding of list) {
      const key = findingKey(finding);
      indexOfKey.set(key, rows.length);
      rows.push({ kind: 'finding', key, finding });
    }
    shown += list.length;
  }
  return { rows, indexOfKey, shown };
}

function compareGroups(a: string, b: string): number {
  const [ta, na] = a.split('\u0001');
  const [tb, nb] = b.split('\u0001');
  if ((na === CLUSTER) !== (nb === CLUSTER)) return na === CLUSTER ? 1 : -1;
  return ta.localeCompare(tb) || na.localeCompare(nb);
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    compareSeverity(a.severity, b.severity) ||
    a.object.kind.localeCompare(b.object.kind) ||
    a.object.name.localeCompare(b.object.name) ||
    a.rule.localeCompare(b.rule) ||
    a.path.localeCompare(b.path)
  );
}
