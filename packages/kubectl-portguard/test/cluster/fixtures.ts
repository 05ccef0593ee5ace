// Shared fixtures of the live-cluster tests: the multi-tenant state and kubeconfig files on disk.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readState } from '@portguard/apiserver';
import { exposureRules } from '@portguard/core';

const here = dirname(fileURLToPath(import.meta.url));
export const MULTI_TENANT_FILE = join(here, '../../../../test/fixtures/live/multi-tenant.yaml');
export const multiTenant = () => readState(MULTI_TENANT_FILE);

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

let dir: string | undefined;
/** Writes `text` to a fresh file in a per-run temporary folder and returns its path. */
export function writeTemp(name: string, text: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'portguard-cluster-test-'));
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}
