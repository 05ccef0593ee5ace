// Posture claims only from what could be read: "nothing refuses NodePort Services" needs every admission-policy kind listed.
import type { Finding } from '@portguard/core';
import type { ResourceKind } from './resource-kinds.js';

/** Groups whose objects can refuse Services at admission: VAPs, Kyverno, Gatekeeper. */
const POLICY_GROUPS = new Set([
  'admissionregistration.k8s.io',
  'kyverno.io',
  'constraints.gatekeeper.sh',
  'templates.gatekeeper.sh',
]);

const RULE = 'service-exposure-unrestricted';

/** The policy groups served as CRDs: with `/apis` forbidden, none of them can be told served. */
export const POLICY_CRD_GROUPS = [
  'kyverno.io',
  'templates.gatekeeper.sh',
  'constraints.gatekeeper.sh',
];

/**
 * Stand-ins in `forbiddenKinds` for policy kinds that could not even be discovered (403 on the
 * discovery document `what`): without them the claim would rest on kinds never looked for.
 */
export function undiscoveredKinds(what: string, groups: readonly string[]): ResourceKind[] {
  return groups.map((group) => ({
    group,
    version: '',
    kind: '',
    plural: `${what} (discovery)`,
    namespaced: false,
    optional: true,
  }));
}

/**
 * Where an admission-policy kind was forbidden, `service-exposure-unrestricted` claims what was
 * not seen: its findings are withheld and a warning says what cannot be told instead
 * (`cannot tell whether NodePort Services are refused: validatingadmissionpolicies forbidden (403)`).
 */
export function withholdUnreadableClaims(
  findings: readonly Finding[],
  suppressed: readonly Finding[],
  forbiddenKinds: readonly ResourceKind[],
): { findings: Finding[]; suppressed: Finding[]; warnings: string[] } {
  const policies = forbiddenKinds.filter((k) => POLICY_GROUPS.has(k.group));
  if (policies.length === 0)
    return { findings: [...findings], suppressed: [...suppressed], warnings: [] };
  const names = [...new Set(policies.map((k) => k.plural))].sort().join(', ');
  const warnings: string[] = [];
  for (const f of [...findings, ...suppressed]) {
    if (f.rule !== RULE) continue;
    const open: string[] = [];
    const blockedBy = (key: string) =>
      Array.isArray(f.data?.[key]) ? (f.data[key] as unknown[]) : [];
    if (blockedBy('nodePortBlockedBy').length === 0) open.push('NodePort Services');
    if (blockedBy('externalIPsBlockedBy').length === 0) open.push('Services with externalIPs');
    const line = `cannot tell whether ${open.join(' or ')} are refused: ${names} forbidden (403)`;
    if (!warnings.includes(line)) warnings.push(line);
  }
  return {
    findings: findings.filter((f) => f.rule !== RULE),
    suppressed: suppressed.filter((f) => f.rule !== RULE),
    warnings,
  };
}
