// What the user narrowed the list to: free text, a minimum severity, one namespace or tenant.
import {
  atLeast,
  SEVERITIES,
  type Finding,
  type Severity,
  type TenantResolver,
} from '@portguard/core';

/** A namespace or tenant chosen with `n`; undefined means everything. */
export type Scope = { kind: 'namespace'; name: string } | { kind: 'tenant'; name: string };

export interface ViewFilter {
  /** Case-insensitive text matched against rule, object, tenant and message. */
  text: string;
  minSeverity: Severity;
  scope?: Scope;
  /** In a fleet view, the one cluster (kubeconfig context) shown; `c` cycles through them. */
  cluster?: string;
}

export const NO_FILTER: ViewFilter = { text: '', minSeverity: 'info' };

/** `s` walks info → low → medium → high → info: each press hides the least severe level left. */
export function nextMinSeverity(s: Severity): Severity {
  const ascending = [...SEVERITIES].reverse();
  return ascending[(ascending.indexOf(s) + 1) % ascending.length];
}

/** The namespace a finding belongs to: its object's, or the Namespace object's own name. */
export function namespaceOf(f: Finding): string | undefined {
  return f.object.namespace ?? (f.object.kind === 'Namespace' ? f.object.name : undefined);
}

/** The tenant of a finding: its own, else its namespace's (a finding on a Namespace object may carry none). */
export function tenantOfFinding(f: Finding, tenantOf?: TenantResolver): string | undefined {
  return f.tenant ?? tenantOf?.(namespaceOf(f));
}

/** A predicate for one filter, with the text lower-cased once rather than per finding. */
export function matcher(filter: ViewFilter, tenantOf?: TenantResolver): (f: Finding) => boolean {
  const needle = filter.text.trim().toLowerCase();
  const { scope, minSeverity, cluster } = filter;
  return (f) => {
    if (!atLeast(f.severity, minSeverity)) return false;
    if (cluster !== undefined && f.cluster !== cluster) return false;
    if (scope?.kind === 'namespace' && namespaceOf(f) !== scope.name) return false;
    if (scope?.kind === 'tenant' && tenantOfFinding(f, tenantOf) !== scope.name) return false;
    if (!needle) return true;
    return searchText(f).includes(needle);
  };
}

// Findings are immutable once scanned: their lower-cased search text is computed once each.
const searchTexts = new WeakMap<Finding, string>();

function searchText(f: Finding): string {
  let text = searchTexts.get(f);
  if (text === undefined) {
    const o = f.object;
    text =
      `${f.cluster ?? ''} ${f.rule} ${f.severity} ${o.kind}/${o.namespace ?? ''}/${o.name} ${o.namespace ?? ''} ${f.tenant ?? ''} ${f.message}`.toLowerCase();
    searchTexts.set(f, text);
  }
  return text;
}

/** A one-line description of the active filter for the header, e.g. `≥ medium · ns team-a · "web"`. */
export function describeFilter(filter: ViewFilter): string {
  const parts: string[] = [];
  if (filter.cluster !== undefined) parts.push(`cluster ${filter.cluster}`);
  if (filter.minSeverity !== 'info') parts.push(`severity ≥ ${filter.minSeverity}`);
  if (filter.scope) parts.push(`${filter.scope.kind} ${filter.scope.name}`);
  if (filter.text.trim()) parts.push(`"${filter.text.trim()}"`);
  return parts.join(' · ');
}
