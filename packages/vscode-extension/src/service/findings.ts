// Runs the core rules for one file against the whole workspace and maps findings back to that file.
import {
  offsetsOf,
  scanObjects,
  type Finding,
  type ManifestObject,
  type PortguardConfig,
} from '@portguard/core';
import type { DocumentParser, ParsedDocument, Segment } from './parsed-document.js';

/** A finding of the file being validated, with offsets into that file's current text. */
export interface LocatedFinding {
  finding: Finding;
  segment: Segment;
  /** Offsets [start, end) into the document's text. */
  start: number;
  end: number;
  /** Stable across edits that do not touch the object: rule, object and field path. */
  id: string;
}

/**
 * The findings of `doc`, exactly as the CLI reports them scanning the whole workspace at once
 * (conflicts, namespace annotations, tenant labels and NetworkPolicies of other files all count),
 * keeping only those located in `doc`.
 */
export function findingsOf(
  doc: ParsedDocument,
  parser: DocumentParser,
  config: PortguardConfig,
): LocatedFinding[] {
  if (doc.template || doc.objects.length === 0) return [];
  const everything: ManifestObject[] = [];
  for (const uri of parser.uris()) {
    const other = parser.get(uri);
    if (other) everything.push(...(uri === doc.uri ? doc.objects : other.objects));
  }
  const { findings } = scanObjects(everything, { config });
  const out: LocatedFinding[] = [];
  const seen = new Map<string, number>();
  for (const finding of findings) {
    const segment = parser.segment(finding.file);
    if (!segment || segment.uri !== doc.uri) continue;
    const [s, e] = finding.range?.offset ?? nearestOffsets(segment, finding);
    const base = `${finding.rule}|${finding.object.kind}|${finding.object.namespace ?? ''}|${finding.object.name}|${finding.path}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.push({
      finding,
      segment,
      start: segment.start + s,
      end: segment.start + e,
      id: n === 0 ? base : `${base}#${n}`,
    });
  }
  return out.sort((a, b) => a.start - b.start || a.finding.rule.localeCompare(b.finding.rule));
}

/**
 * Where to show a finding core could not place, e.g. a path through an alias (`ports: *ports`):
 * the deepest part of its path that exists in the text, so the user sees the alias that causes it.
 */
function nearestOffsets(segment: Segment, finding: Finding): [number, number] {
  const { kind, name, namespace } = finding.object;
  const object = segment.parsed.objects.find(
    (o) => o.ref.kind === kind && o.ref.name === name && o.ref.namespace === namespace,
  );
  if (!object?.source) return [0, 0];
  for (let k = finding.pathSegments.length - 1; k >= 0; k--) {
    const o = offsetsOf(object.source, finding.pathSegments.slice(0, k));
    if (o) return o;
  }
  return [0, 0];
}
