// Shared fixtures of the live-cluster tests: the multi-tenant state and kubeconfig files on disk.
import { exposureRules } from '@portguard/core';

// The state and temp-file helpers are the cluster package's own test fixtures.
export { MULTI_TENANT_FILE, multiTenant, writeTemp } from '../../../kube/test/fixtures.js';

/** The exposure rules of the contract (posture rules are tested by their own issue). */
export const EXPOSURE_RULES = new Set(exposureRules.map((r) => r.meta.name));

/** `rule Kind/namespace/name (n pods)` for each exposure finding of a JSON report. */
export function findingLines(report: any): string[] {
  return report.findings
    .filter((f: any) => EXPOSURE_RULES.has(f.rule))
    .map(
      (f: any) =>
        `${f.rule} ${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}${f.podCount !== undefined ? ` (${f.podCount} pods)` : ''}`,
    );
}

export const EXPECTED_MULTI_TENANT = [
  'host-port DaemonSet/kube-system/node-exporter (2 pods)',
  'host-port Deployment/team-a/web (3 pods)',
  'host-port-conflict Deployment/team-a/web (3 pods)',
  'nodeport-service Service/team-a/web',
  'host-port Deployment/team-b/api (1 pods)',
  'host-port-conflict Deployment/team-b/api (1 pods)',
  'host-network Pod/team-b/debug',
  'loadbalancer-node-ports Service/team-b/api',
  'external-ips Service/team-c/legacy',
];
