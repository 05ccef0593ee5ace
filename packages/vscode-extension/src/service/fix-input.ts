// What the core fix engine is given for one finding: its document plus the neighbours a fix reads.
import { parseAfter, parseManifests, type Finding, type ParsedFile } from '@portguard/core';
import type { LocatedFinding } from './findings.js';
import type { ParsedDocument, Segment } from './parsed-document.js';

/** A parsed text for the fix engine; an edit offset `o` in it is `base + o` in the document. */
export interface FixInput {
  parsed: ParsedFile;
  finding: Finding;
  base: number;
}

/** Kinds the fix engine looks up beside the workload (a covering Service, a free name). */
const NEIGHBOUR_KINDS = new Set(['Service', 'Ingress']);

const cache = new Map<string, ParsedFile>();
const CACHE_SIZE = 64;

/**
 * Core's fixes only ever edit the finding's own document (it refuses others), and read the
 * Services and Ingresses of the same namespace in the same file. So the engine is given that
 * document with those neighbours before it — the same answer as for the whole file, without
 * re-parsing and re-verifying 5,000 unrelated lines for every quick-fix.
 */
export function fixInputFor(doc: ParsedDocument, located: LocatedFinding): FixInput {
  const seg = located.segment;
  const ns = located.finding.object.namespace ?? '';
  const others = doc.segments.filter(
    (s) =>
      s !== seg &&
      s.parsed.objects.some(
        (o) => NEIGHBOUR_KINDS.has(o.ref.kind) && (o.ref.namespace ?? '') === ns,
      ),
  );
  if (others.length === 0)
    return { parsed: parseCached(seg.text, seg, []), finding: located.finding, base: seg.start };
  const eol = seg.text.includes('\r\n') ? '\r\n' : '\n';
  let neighbours = '';
  for (const o of others) neighbours += /\r?\n$/.test(o.text) ? o.text : o.text + eol;
  const prefix = /^---(?=[ \t\r\n]|$)/.test(seg.text) ? neighbours : `${neighbours}---${eol}`;
  const parsed = parseCached(prefix + seg.text, seg, others, neighbours);
  const f = located.finding;
  const finding: Finding = f.range
    ? {
        ...f,
        range: {
          ...f.range,
          offset: [f.range.offset[0] + prefix.length, f.range.offset[1] + prefix.length],
        },
      }
    : f;
  return { parsed, finding, base: seg.start - prefix.length };
}

/**
 * The parse of `prefix + …seg`: the prefix (the neighbours, the same for every finding of the
 * namespace) parsed once per set of neighbours, the finding's document after it each time.
 */
function parseCached(
  text: string,
  seg: Segment,
  others: readonly Segment[],
  neighbours = '',
): ParsedFile {
  const names = others.map((o) => o.name);
  const afterNeighbours = () => {
    const prefix = cached(prefixes, names.join('|'), neighbours, () =>
      parseManifests(neighbours, seg.name),
    );
    return parseAfter(prefix, text, seg.name);
  };
  return cached(cache, [seg.name, ...names].join('|'), text, () =>
    others.length ? afterNeighbours() : parseManifests(text, seg.name),
  );
}

/** The neighbours' text parsed, by their segments; the fix engine reads only their values. */
const prefixes = new Map<string, ParsedFile>();

/** `parse()` of `text`, kept under `key` while the text there is the same; the oldest dropped past CACHE_SIZE. */
function cached(
  map: Map<string, ParsedFile>,
  key: string,
  text: string,
  parse: () => ParsedFile,
): ParsedFile {
  const hit = map.get(key);
  if (hit && hit.source.text === text) return hit;
  if (map.size >= CACHE_SIZE) map.delete(map.keys().next().value!);
  const parsed = parse();
  map.set(key, parsed);
  return parsed;
}
