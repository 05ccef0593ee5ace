// What the details pane previews and `w` writes for one finding.

/** A block of the preview: YAML to apply, or a unified diff of the workload. */
export interface RemediationSection {
  title: string;
  kind: 'yaml' | 'diff';
  lines: string[];
}

export type Remediation =
  | {
      available: true;
      /** e.g. `Replace hostPort 8080 with a ClusterIP Service`. */
      title: string;
      /** Where `w` writes it, relative to the working directory. */
      fileName: string;
      /** The whole remediated YAML: the fixed object plus any new Service/Ingress documents. */
      yaml: string;
      sections: RemediationSection[];
    }
  | { available: false; reason: string };

/** `portguard-fix-<kind>-<namespace>-<name>.yaml`, lower-case, safe as a file name. */
export function remediationFileName(ref: {
  kind: string;
  namespace?: string;
  name: string;
}): string {
  const parts = [ref.kind, ref.namespace, ref.name].filter((p): p is string => !!p);
  const safe = parts.map((p) => p.toLowerCase().replace(/[^a-z0-9.-]+/g, '-'));
  return `portguard-fix-${safe.join('-')}.yaml`;
}
