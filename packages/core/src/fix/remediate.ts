// Dispatches a finding to its rule's remediation and keeps only the suggestions proven safe.
import type { ParsedFile } from '../parse/parse-manifests.js';
import type { Finding } from '../types.js';
import { contextFor, noFix, type FixContext, type Outcome } from './context.js';
import { fixExternalIps } from './external-ips.js';
import { fixHostNetwork } from './host-network.js';
import { fixHostPort } from './host-port.js';
import { fixLoadBalancerNodePorts } from './loadbalancer-node-ports.js';
import { fixNamespaceWithoutPodSecurity } from './namespace-without-pod-security.js';
import { fixNodePortService } from './nodeport-service.js';
import type { FixOptions, FixSuggestion } from './types.js';
import { unsafeBecause } from './verify.js';

const REMEDIATIONS: Record<string, (ctx: FixContext) => Outcome> = {
  'host-port': fixHostPort,
  'host-network': fixHostNetwork,
  'nodeport-service': fixNodePortService,
  'loadbalancer-node-ports': fixLoadBalancerNodePorts,
  'external-ips': fixExternalIps,
  'namespace-without-pod-security': fixNamespaceWithoutPodSecurity,
};

/** The rules the fix engine has remediations for. */
export const FIXABLE_RULES: readonly string[] = Object.keys(REMEDIATIONS);

/**
 * The remediations a rule proposes for one finding, not yet verified, with the context they were
 * built in (undefined when the finding cannot be located in the file).
 */
export function propose(
  parsed: ParsedFile,
  finding: Finding,
  options: FixOptions = {},
): { ctx?: FixContext; outcome: Outcome } {
  const remediation = REMEDIATIONS[finding.rule];
  if (!remediation) return { outcome: noFix(`portguard has no automatic fix for ${finding.rule}`) };
  const ctx = contextFor(parsed, finding, options);
  if (typeof ctx === 'string') return { outcome: noFix(ctx) };
  return { ctx, outcome: remediation(ctx) };
}

/** Every verified remediation of one finding, and why there is none when the list is empty. */
export function remediate(parsed: ParsedFile, finding: Finding, options: FixOptions = {}): Outcome {
  const { ctx, outcome } = propose(parsed, finding, options);
  if (!ctx) return outcome;
  const safe: FixSuggestion[] = [];
  let reason = outcome.reason;
  for (const s of outcome.suggestions) {
    const unsafe = unsafeBecause(ctx, s);
    if (unsafe) reason ??= unsafe;
    else safe.push(s);
  }
  return safe.length ? { suggestions: safe } : noFix(reason ?? 'no remediation applies');
}
