// Runs the core rules for one file against the whole workspace and maps findings back to that file.
import {
  annotationsOf,
  findPodSpec,
  hostPortsOf,
  isObject,
  offsetsOf,
  parsePath,
  rangeOf,
  rules,
  scanObjects,
  type ManifestObject,
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

const POLICY_KINDS = new Set([
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ClusterPolicy',
  'ConstraintTemplate',
]);

/**
 * What the set rules read of an object: identity and annotations (suppression), the host ports
 * with what decides whether two pods share a node, a Service's type and node ports, an
 * admission policy whole. Equal facts give equal conflicts, wherever the text moved.
 */
function objectFacts(o: ManifestObject): unknown[] {
  const v = o.value;
  const spec = isObject(v.spec) ? v.spec : undefined;
  const pod = findPodSpec(v);
  const group = String(v.apiVersion ?? '').split('/')[0];
  const ports: unknown[] = Array.isArray(spec?.ports) ? spec.ports : [];
  return [
    o.ref,
    v.apiVersion,
    annotationsOf(v),
    hostPortsOf(o).map((u) => [u.path, u.port, u.protocol, u.hostIP ?? null]),
    pod ? [pod.spec.nodeName ?? null, pod.spec.nodeSelector ?? null] : null,
    o.ref.kind === 'Service'
      ? [spec?.type ?? null, ports.map((p) => (isObject(p) ? (p.nodePort ?? null) : null))]
      : null,
    POLICY_KINDS.has(o.ref.kind) || group === 'constraints.gatekeeper.sh' ? v : null,
  ];
}

interface Cached {
  config: PortguardConfig;
  key: string;
  findings: readonly Finding[];
}

interface CachedSet extends Cached {
  /** The candidate segments the findings point into, in workspace order, and their facts. */
  segments: readonly Segment[];
  facts: readonly string[];
}

/**
 * The findings of documents against their workspace, computed piecewise and cached: each
 * segment's object-rule findings by the segment (its text) and the workspace's context objects
 * (Namespaces, NetworkPolicies, Tenants); the set rules' (conflicts, admission control) by the
 * facts they read (`objectFacts`). An edit re-checks the segment it touched; the workspace's
 * conflicts are found again only when a port, namespace or policy fact changed, and otherwise
 * only moved to where the edited text now puts them. The sum is what one scan of the whole
 * workspace reports.
 */
export class FindingsCache {
  private readonly bySegment = new WeakMap<Segment, Cached>();
  private readonly segmentFacts = new WeakMap<Segment, string>();
  private set?: CachedSet;

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
    const segments = files.flatMap((f) => f.candidateSegments);
    const facts = segments.map((seg) => this.factsOf(seg));
    if (
      this.set?.config !== config ||
      this.set.key !== contextKey ||
      !sameStrings(this.set.facts, facts)
    ) {
      const candidates = files.flatMap((f) => f.candidates);
      const { findings } = scanObjects(candidates, { config, rules: setRules, context });
      this.set = { config, key: contextKey, findings, segments, facts };
    } else if (this.set.segments.some((s, i) => s !== segments[i])) {
      this.set = { ...this.set, findings: moved(this.set, segments), segments };
    }
    // Segments checked since the context last changed keep their findings; the others are
    // checked together, in one pass (the object rules look at one object at a time).
    const stale = doc.candidateSegments.filter((seg) => {
      const cached = this.bySegment.get(seg);
      return cached?.config !== config || cached.key !== contextKey;
    });
    if (stale.length) {
      const { findings } = scanObjects(
        stale.flatMap((seg) => seg.parsed.candidates),
        { config, rules: objectRules, context },
      );
      const byName = new Map<string, Finding[]>(stale.map((seg) => [seg.name, []]));
      for (const f of findings) byName.get(f.file!)?.push(f);
      for (const seg of stale)
        this.bySegment.set(seg, { config, key: contextKey, findings: byName.get(seg.name)! });
    }
    const found: Array<{ finding: Finding; segment: Segment }> = [];
    for (const segment of doc.candidateSegments) {
      for (const finding of this.bySegment.get(segment)!.findings) found.push({ finding, segment });
    }
    for (const finding of this.set.findings) {
      const segment = parser.segment(finding.file);
      if (segment?.uri === doc.uri) found.push({ finding, segment });
    }
    return locate(found);
  }

  /** The set rules' facts of a segment's candidates, as JSON. */
  private factsOf(segment: Segment): string {
    let f = this.segmentFacts.get(segment);
    if (f === undefined) {
      f = JSON.stringify(segment.parsed.candidates.map(objectFacts));
      this.segmentFacts.set(segment, f);
    }
    return f;
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The set findings of `set` in the segments that replaced its own (same facts, same order):
 * each finding and related place is found again in the new segment's object by its path.
 */
function moved(set: CachedSet, now: readonly Segment[]): Finding[] {
  const next = new Map<string, Segment>();
  set.segments.forEach((s, i) => {
    if (s !== now[i]) next.set(s.name, now[i]);
  });
  const objectIn = (segment: Segment, ref: Finding['object']) =>
    segment.parsed.candidates.find(
      (o) =>
        o.ref.kind === ref.kind && o.ref.name === ref.name && o.ref.namespace === ref.namespace,
    );
  return set.findings.map((f) => {
    const segment = f.file === undefined ? undefined : next.get(f.file);
    let out = f;
    if (segment) {
      const source = objectIn(segment, f.object)?.source;
      const range = source ? rangeOf(source, f.pathSegments) : undefined;
      out = { ...f, file: segment.name };
      if (range) out.range = range;
      else delete out.range;
    }
    if (f.related?.some((r) => r.file !== undefined && next.has(r.file))) {
      out = {
        ...out,
        related: f.related.map((r) => {
          const seg = r.file === undefined ? undefined : next.get(r.file);
          if (!seg) return r;
          const source = objectIn(seg, r.object)?.source;
          const range = source ? rangeOf(source, parsePath(r.path)) : undefined;
          return { ...r, file: seg.name, range };
        }),
      };
    }
    return out;
  });
}

/** Where a finding sits in its segment, and its id before numbering: fixed with the finding. */
const placement = new WeakMap<Finding, { start: number; end: number; base: string }>();

function placeIn(segment: Segment, f: Finding): { start: number; end: number; base: string } {
  let p = placement.get(f);
  if (!p) {
    const [start, end] = f.range?.offset ?? nearestOffsets(segment, f);
    const base = `${f.rule}|${f.object.kind}|${f.object.namespace ?? ''}|${f.object.name}|${f.path}`;
    p = { start, end, base };
    placement.set(f, p);
  }
  return p;
}

/** Offsets into the document, sorted; ids numbered in that order so a fresh scan gives the same. */
function locate(found: ReadonlyArray<{ finding: Finding; segment: Segment }>): LocatedFinding[] {
  const placed: LocatedFinding[] = found.map(({ finding, segment }) => {
    const { start, end, base } = placeIn(segment, finding);
    return { finding, segment, start: segment.start + start, end: segment.start + end, id: base };
  });
  placed.sort((a, b) => a.start - b.start || a.finding.rule.localeCompare(b.finding.rule));
  const seen = new Map<string, number>();
  for (const p of placed) {
    const n = seen.get(p.id) ?? 0;
    seen.set(p.id, n + 1);
    if (n > 0) p.id = `${p.id}#${n}`;
  }
  return placed;
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
