// The remediation of one finding of a live (or file) object: the core fix engine run on its YAML.
import { createTwoFilesPatch } from 'diff';
import {
  applyEdits,
  findRule,
  fixesFor,
  parseManifests,
  scanObjects,
  whyNoFix,
  type Finding,
} from '@portguard/core';
import type { ClusterView } from '../findings-source.js';
import { refKey } from '../risk/cluster-index.js';
import { toApplyYaml } from './apply-yaml.js';
import {
  remediationFileName,
  type Remediation,
  type RemediationSection,
} from './remediation-types.js';

export type { Remediation, RemediationSection } from './remediation-types.js';

/** A conflict is resolved by the fix of the port it is about. */
const FIXED_BY: Record<string, string> = { 'host-port-conflict': 'host-port' };

/**
 * Serialises the finding's object to YAML, finds the same finding in that copy, and applies the
 * fix engine's preferred remediation (a ClusterIP Service by default). The result is the whole
 * YAML to apply (the changed object, then any new Service/Ingress) plus a preview: the new
 * objects, and the change to the workload as a unified diff.
 */
export function remediationFor(finding: Finding, view: ClusterView): Remediation {
  const object = view.objects.find((o) => refKey(o.ref) === refKey(finding.object));
  if (!object) return { available: false, reason: 'the object is no longer in the cluster' };
  const rule = FIXED_BY[finding.rule] ?? finding.rule;
  if (!findRule(rule)?.meta.fixable) {
    return {
      available: false,
      reason: `${finding.rule} has no automatic fix; see kubectl portguard explain ${finding.rule}`,
    };
  }
  const fileName = remediationFileName(finding.object);
  const before = toApplyYaml(object.value);
  // The namespace's other Services ride along, so a new Service gets a free name (or an existing
  // one is reused) instead of silently replacing a live Service; they are cut off again below.
  const neighbours = view.objects
    .filter(
      (o) =>
        o.value.kind === 'Service' && o.ref.namespace === finding.object.namespace && o !== object,
    )
    .map((o) => `---\n${toApplyYaml(o.value)}`)
    .join('');
  const parsed = parseManifests(before + neighbours, fileName);
  const mine = refKey(finding.object);
  const findings = scanObjects(parsed.objects, { trustObjectAnnotations: true }).findings.filter(
    (f) => refKey(f.object) === mine,
  );
  const local =
    findings.find((f) => f.rule === rule && f.path === finding.path) ??
    findings.find((f) => f.rule === rule);
  if (!local)
    return {
      available: false,
      reason: `the ${rule} finding was not found again in the object's YAML`,
    };
  const fixes = fixesFor(parsed, local);
  const fix = fixes.find((s) => s.isPreferred) ?? fixes[0];
  if (!fix)
    return {
      available: false,
      reason: whyNoFix(parsed, local) ?? `no safe automatic fix for this ${rule} finding`,
    };
  const { text: all } = applyEdits(before + neighbours, fix.edits);
  if (!all.endsWith(neighbours)) {
    return {
      available: false,
      reason: `the fix would change another Service of ${finding.object.namespace}; run kubectl portguard fix on your manifests instead`,
    };
  }
  const text = all.slice(0, all.length - neighbours.length);
  return {
    available: true,
    title: fix.title,
    fileName,
    yaml: text,
    sections: sectionsOf(before, text, fileName, object.value.kind),
  };
}

/** The new documents as YAML, then the changed object as a diff. */
function sectionsOf(
  before: string,
  after: string,
  fileName: string,
  kind: string,
): RemediationSection[] {
  const docs = after
    .split(/^---\s*$/m)
    .map((d) => d.replace(/^\n+/, '').trimEnd())
    .filter(Boolean);
  const [changed, ...added] = docs;
  const sections: RemediationSection[] = added.map((d) => ({
    title: `apply: ${/^kind:\s*(\S+)/m.exec(d)?.[1] ?? 'object'}`,
    kind: 'yaml',
    lines: d.split('\n'),
  }));
  const patch = createTwoFilesPatch(
    fileName,
    fileName,
    `${before.trimEnd()}\n`,
    `${(changed ?? '').trimEnd()}\n`,
    '',
    '',
    { context: 2 },
  );
  const diff = patch
    .split('\n')
    .filter((l) => l && !l.startsWith('====') && !l.startsWith('Index:'))
    .map((l) => (l.startsWith('---') || l.startsWith('+++') ? l.trimEnd() : l));
  if (diff.some((l) => l.startsWith('@@'))) {
    sections.push({
      title: `change to the ${kind}${kind === 'Pod' ? ' (pods are immutable: delete and re-create it)' : ''}`,
      kind: 'diff',
      lines: diff,
    });
  }
  return sections;
}
