// A stable identity for a finding, so the selection survives live updates and re-sorting.
import type { Finding } from '@portguard/core';

/**
 * Rule, object and field path identify a finding across scans: the same exposure found again after
 * a watch event gets the same key, e.g. `host-port|Deployment|team-a|web|spec.template…hostPort`
 * (prefixed with the cluster in a fleet view: the same object may exist in two clusters).
 */
export function findingKey(f: Finding): string {
  const cluster = f.cluster !== undefined ? `${f.cluster}|` : '';
  return `${cluster}${f.rule}|${f.object.kind}|${f.object.namespace ?? ''}|${f.object.name}|${f.path}`;
}
