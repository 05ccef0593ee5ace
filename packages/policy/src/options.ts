// The choices every generator takes: which namespaces are exempt, what a violation does, the tenant allowances.
import type { Target } from './targets.js';
import { HNC_TREE_LABEL, type Allowance } from '@portguard/core';

export const ENGINES = ['vap', 'kyverno', 'gatekeeper', 'psa'] as const;
export type Engine = (typeof ENGINES)[number];

export const ACTIONS = ['deny', 'warn', 'audit'] as const;
/** `deny` refuses the request, `warn` admits it with a warning, `audit` only records it. */
export type Action = (typeof ACTIONS)[number];

/** Always exempt: the CNI, kube-proxy and friends run there with host networking. */
export const DEFAULT_EXEMPT_NAMESPACES: readonly string[] = ['kube-system'];

/** The name every generated object carries, so `kubectl delete` finds them again. */
export const POLICY_NAME = 'portguard-host-exposure';

export interface PolicyOptions {
  /** Namespaces where the policy does not apply; kube-system is always among them. */
  exemptNamespaces: string[];
  action: Action;
  /** `allow:` of .portguard.yaml; set only when there is at least one. */
  allow?: readonly Allowance[];
  /** Namespace label keys that name the tenant, first present wins (HNC's tree label left out). */
  tenantLabels?: readonly string[];
  /** Pod-template kinds found in the cluster (its CRDs), matched beside the well-known ones. */
  podTemplateKinds?: readonly Target[];
}

/** A problem with the options themselves, said in one line. */
export class PolicyOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyOptionsError';
  }
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Checks and completes the options: namespace names must be DNS labels (what the API server
 * accepts), kube-system is added, duplicates are dropped, the order is kept.
 */
export function resolvePolicyOptions(input: {
  exemptNamespaces?: readonly string[];
  action?: string;
  allow?: readonly Allowance[];
  tenantLabels?: readonly string[];
}): PolicyOptions {
  const action = input.action ?? 'deny';
  if (!(ACTIONS as readonly string[]).includes(action)) {
    throw new PolicyOptionsError(`unknown action "${action}" (expected ${ACTIONS.join(', ')})`);
  }
  const exempt = [...DEFAULT_EXEMPT_NAMESPACES];
  for (const ns of input.exemptNamespaces ?? []) {
    if (ns.length > 63 || !DNS_LABEL.test(ns)) {
      throw new PolicyOptionsError(
        `exempt namespace "${ns}" is not a valid namespace name (lowercase letters, digits and "-", at most 63)`,
      );
    }
    if (!exempt.includes(ns)) exempt.push(ns);
  }
  const out: PolicyOptions = { exemptNamespaces: exempt, action: action as Action };
  if (input.allow?.length) {
    out.allow = input.allow;
    out.tenantLabels = (input.tenantLabels ?? ['capsule.clastix.io/tenant']).filter(
      (l) => l !== HNC_TREE_LABEL,
    );
  }
  return out;
}
