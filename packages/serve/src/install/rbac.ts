// The ClusterRole of serve, read off the kinds it watches: get, list and watch, nothing else.
import { OPTIONAL_CRD_KINDS, SCANNED_KINDS, type ResourceKind } from '@portguard/kube';

/** Read-only, spelled out: the three verbs a watch needs, and no `*` anywhere. */
export const READ_VERBS = ['get', 'list', 'watch'] as const;

/**
 * One rule per API group of the kinds `serve` lists and watches (the same ones `scan` reads),
 * resources named one by one. Gatekeeper constraints are left out: their kinds are only known at
 * run time, and a role with `resources: ["*"]` would not be least privilege; serve skips them
 * with a warning when forbidden.
 */
export function clusterRoleRules(
  kinds: readonly ResourceKind[] = [...SCANNED_KINDS, ...OPTIONAL_CRD_KINDS],
) {
  const byGroup = new Map<string, string[]>();
  for (const k of kinds) {
    const list = byGroup.get(k.group) ?? [];
    if (!list.includes(k.plural)) list.push(k.plural);
    byGroup.set(k.group, list);
  }
  return [...byGroup].map(([group, resources]) => ({
    apiGroups: [group],
    resources,
    verbs: [...READ_VERBS],
  }));
}
