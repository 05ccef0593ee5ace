// Runs the core rules for one file against the whole workspace and maps findings back to that file.
import {
  offsetsOf,
  rules,
  scanObjects,
  type Finding,
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

const objectRules = rules.filter((r) => r.scope === 'object');
const setRules = rules.filter((r) => r.scope === 'set');

interface Cached {
  config: PortguardConfig;
  key: string;
  findings: readonly Finding[];
}

/**
 * The findings of documents against their workspace, computed piecewise and cached: each
 * segment's object-rule findings by the segment (its text) and the workspace's context objects
 * (Namespaces, NetworkPolicies, Tenants); the set rules' (conflicts, admission control) by the
 * segments that hold candidates. An edit re-checks the segment it touched; the workspace's
 * conflicts are found again only when a segment with a candidate (a hostPort, a NodePort, a
 * Namespace…) changed. The sum is what one scan of the whole workspace reports.
 */
export class FindingsCache {
  private readonly bySegment = new WeakMap<Segment, Cached>();
  private set?: Cached;

  /**
   * The findings of `doc`, exactly as the CLI reports them scanning the whole workspace at once
   * (conflicts, namespace annotations, tenant labels and NetworkPolicies of other files all
   * count), keeping only those located in `doc`.
   */
  findingsOf(
    doc: ParsedDocument,
    parser: DocumentParser,
    config: PortguardConfig,
  ): LocatedFinding[] {
    if (doc.template || doc.objects.length === 0) return [];
    const files = parser.uris().map((uri) => (uri === doc.uri ? doc : parser.get(uri)!));
    const contextKey = files.map((f) => f.contextKey).join('\n');
    const context = files.flatMap((f) => f.context);
    const setKey = `${contextKey}\n\n${files.map((f) => f.candidateKey).join('\n')}`;
    if (this.set?.config !== config || this.set.key !== setKey) {
      const candidates = files.flatMap((f) => f.candidates);
      const { findings } = scanObjects(candidates, { config, rules: setRules, context });
      this.set = { config, key: setKey, findings };
    }
    const found: Array<{ finding: Finding; segment: Segment }> = [];
    for (const segment of doc.segments) {
      if (segment.parsed.candidates.length === 0) continue;
      let cached = this.bySegment.get(segment);
      if (cached?.config !== config || cached.key !== contextKey) {
        const { findings } = scanObjects(segment.parsed.candidates, {
          config,
          rules: objectRules,
          context,
        });
        cached = { config, key: contextKey, findings };
        this.bySegment.set(segment, cached);
      }
      for (const finding of cached.findings) found.push({ finding, segment });
    }
    for (const finding of this.set.findings) {
      const segment = parser.segment(finding.file);
      if (segment?.uri === doc.uri) found.push({ finding, segment });
    }
    return locate(found);
  }
}

/** Offsets into the document, sorted; ids numbered in that order so a fresh scan gives the same. */
function locate(found: ReadonlyArray<{ finding: Finding; segment: Segment }>): LocatedFinding[] {
  const placed = found.map(({ finding, segment }) => {
    const [s, e] = finding.range?.offset ?? nearestOffsets(segment, finding);
    return { finding, segment, start: segment.start + s, end: segment.start + e };
  });
  placed.sort((a, b) => a.start - b.start || a.finding.rule.localeCompare(b.finding.rule));
  const seen = new Map<string, number>();
  return placed.map((p) => {
    const f = p.finding;
    const base = `${f.rule}|${f.object.kind}|${f.object.namespace ?? ''}|${f.object.name}|${f.path}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { ...p, id: n === 0 ? base : `${base}#${n}` };
  });
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
