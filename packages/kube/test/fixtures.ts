// Shared fixtures of the live-cluster tests: the multi-tenant state and kubeconfig files on disk.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readState } from '@portguard/apiserver';

const here = dirname(fileURLToPath(import.meta.url));
export const MULTI_TENANT_FILE = join(here, '../../../test/fixtures/live/multi-tenant.yaml');
export const multiTenant = () => readState(MULTI_TENANT_FILE);

let dir: string | undefined;
/** Writes `text` to a fresh file in a per-run temporary folder and returns its path. */
export function writeTemp(name: string, text: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'portguard-cluster-test-'));
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

/** A Gatekeeper template and constraint that refuse NodePort Services (nothing else). */
export const GATEKEEPER_BLOCK_NODEPORT = `apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata: {name: blocknodeport}
spec:
  crd: {spec: {names: {kind: BlockNodePort}}}
  targets:
    - target: admission.k8s.gatekeeper.sh
      rego: |
        package blocknodeport
        violation[{"msg": "no"}] { input.review.object.spec.type == "NodePort" }
---
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: BlockNodePort
metadata: {name: no-nodeport}
spec: {match: {kinds: [{apiGroups: [""], kinds: [Service]}]}}
`;
