// Which remediation targets to build and how each one reads in a suggestion's title.
import type { FixOptions, RemediationTarget } from './types.js';
import { REMEDIATION_TARGETS } from './types.js';

/** The requested target, or every target (the `service` one first, as it is preferred). */
export function targetsFor(options: FixOptions): readonly RemediationTarget[] {
  return options.to ? [options.to] : REMEDIATION_TARGETS;
}

export const TARGET_TITLES: Record<RemediationTarget, (service: string, front?: string) => string> =
  {
    service: (s) => `a ClusterIP Service "${s}"`,
    ingress: (s, i) => `a ClusterIP Service "${s}" and an Ingress "${i ?? s}"`,
    loadbalancer: (s) => `a LoadBalancer Service "${s}" without node ports`,
    gateway: (s, r) => `a ClusterIP Service "${s}" and an HTTPRoute "${r ?? s}"`,
  };
