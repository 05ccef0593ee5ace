// The engine's posture step: system namespaces one severity lower, NetworkPolicy bypasses one higher.
import type { PortguardConfig } from '../config/config.js';
import type { Report } from '../rules/define-rule.js';
import { shiftSeverity } from '../severity.js';
import type { Finding, ManifestObject } from '../types.js';
import { BYPASSING_RULES, bypassSuffix, networkPoliciesByNamespace } from './network-policies.js';
import { isSystemNamespace, namespaceOf } from './system-namespaces.js';

export type FindingAdjuster = (finding: Finding, report: Report) => Finding;

/**
 * Built once per scan. A finding in a system namespace is marked `system` and shifted down one
 * step (ingress controllers and CNIs there use host networking on purpose); a host-port or
 * host-network finding in a namespace with NetworkPolicies is shifted up one step and its
 * message names the policies the traffic goes around.
 */
export function postureAdjuster(
  objects: readonly ManifestObject[],
  config: PortguardConfig,
): FindingAdjuster {
  const policies = networkPoliciesByNamespace(objects);
  return (finding, report) => {
    if (report.scope === 'cluster') return finding;
    const namespace = namespaceOf(report.object);
    let out = finding;
    if (namespace && BYPASSING_RULES.includes(finding.rule)) {
      const names = policies.get(namespace);
      if (names?.length) {
        out = {
          ...out,
          severity: shiftSeverity(out.severity, 1),
          message: out.message + bypassSuffix(namespace, names),
          data: { ...out.data, networkPolicies: names },
        };
      }
    }
    if (isSystemNamespace(namespace, config)) {
      out = { ...out, severity: shiftSeverity(out.severity, -1), system: true };
    }
    return out;
  };
}
