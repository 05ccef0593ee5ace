// Findings laid out as list rows: a header row per tenant/namespace group, findings by severity inside.
import {
  compareSeverity,
  isClusterObject,
  type Finding,
  type Severity,
  type TenantResolver,
} from '@portguard/core';
import { findingKey } from './finding-key.js';
import { matcher, namespaceOf, tenantOfFinding, type ViewFilter } from './view-filter.js';

export interface GroupRow {
  kind: 'group';
  key: string;
  /** In a fleet view: the cluster (kubeconfig context), the level above tenants. */
  cluster?: string;
  tenant?: string;
  /** Undefined for cluster-scoped objects. */
  namespace?: string;
  /** The findings about the whole cluster (admission control), no tenant's: their own group. */
  wholeCluster?: boolean;
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
/** Sorts before every namespace: the group of cluster-wide findings. */
const WHOLE = '\u0000\u0000whole';

/** A group with its findings sorted once per snapshot, and each finding's key. */
interface SortedGroup {
  id: string;
  cluster?: string;
  tenant?: string;
  namespace?: string;
  wholeCluster?: boolean;
  findings: Array<{ finding: Finding; key: string }>;
}

// Sorting and keying depend on the snapshot only: done once per findings array (and tenants).
const sortedCache = new WeakMap<
  readonly Finding[],
  { tenantOf?: TenantResolver; groups: SortedGroup[] }
>();

function sortedGroups(findings: readonly Finding[], tenantOf?: TenantResolver): SortedGroup[] {
  const cached = sortedCache.get(findings);
  if (cached && cached.tenantOf === tenantOf) return cached.groups;
  const byId = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = isClusterObject(f.object)
      ? `${f.cluster ?? ''}\u0002\u0001${WHOLE}`
      : `${f.cluster ?? ''}\u0002${tenantOfFinding(f, tenantOf) ?? ''}\u0001${namespaceOf(f) ?? CLUSTER}`;
    let list = byId.get(g);
    if (!list) byId.set(g, (list = []));
    list.push(f);
  }
  const groups = [...byId.keys()].sort(compareGroups).map((id): SortedGroup => {
    const [cluster, rest] = id.split('\u0002');
    const [tenant, ns] = rest.split('\u0001');
    return {
      id,
      ...(cluster ? { cluster } : {}),
      ...(tenant ? { tenant } : {}),
      ...(ns === CLUSTER || ns === WHOLE ? {} : { namespace: ns }),
      ...(ns === WHOLE ? { wholeCluster: true } : {}),
      findings: byId
        .get(id)!
        .sort(compareFindings)
        .map((finding) => ({ finding, key: findingKey(finding) })),
    };
  });
  sortedCache.set(findings, { tenantOf, groups });
  return groups;
}

/**
 * Groups by cluster (in a fleet view), then tenant, then namespace (alphabetical; cluster-scoped objects last) and sorts each group
 * by severity, then object, then rule. The sort is done once per snapshot; a filter change is one
 * pass over the sorted findings. Never called on a cursor key.
 */
export function buildRows(
  findings: readonly Finding[],
  filter: ViewFilter,
  tenantOf?: TenantResolver,
): RowModel {
  const keep = matcher(filter, tenantOf);
  const rows: Row[] = [];
  const indexOfKey = new Map<string, number>();
  let shown = 0;
  for (const g of sortedGroups(findings, tenantOf)) {
    const header = rows.length;
    let count = 0;
    for (const { finding, key } of g.findings) {
      if (!keep(finding)) continue;
      if (count++ === 0) rows.push(undefined as unknown as Row);
      indexOfKey.set(key, rows.length);
      rows.push({ kind: 'finding', key, finding });
    }
    if (count === 0) continue;
    rows[header] = {
      kind: 'group',
      key: `group:${g.id}`,
      ...(g.cluster ? { cluster: g.cluster } : {}),
      ...(g.tenant ? { tenant: g.tenant } : {}),
      ...(g.namespace !== undefined ? { namespace: g.namespace } : {}),
      ...(g.wholeCluster ? { wholeCluster: true } : {}),
      count,
      worst: (rows[header + 1] as FindingRow).finding.severity,
    };
    shown += count;
  }
  return { rows, indexOfKey, shown };
}

function compareGroups(a: string, b: string): number {
  const [ca, ra] = a.split('\u0002');
  const [cb, rb] = b.split('\u0002');
  if (ca !== cb) return ca.localeCompare(cb);
  const [ta, na] = ra.split('\u0001');
  const [tb, nb] = rb.split('\u0001');
  if ((na === WHOLE) !== (nb === WHOLE)) return na === WHOLE ? -1 : 1;
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
