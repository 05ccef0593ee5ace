// Parses an editor document once per version, one YAML document (`---`) at a time, reusing unchanged ones.
import {
  isContextObject,
  isTemplate,
  scanManifests,
  type ManifestObject,
  type ScannedFile,
} from '@portguard/core';

/**
 * One `---` document of a file, parsed on its own. Its offsets are relative to `start`, which is
 * updated when an edit above it shifts it, so an unchanged document is never parsed again.
 */
export interface Segment {
  /** Unique per parse: findings carry it as their `file`, which is how they are traced back here. */
  readonly name: string;
  readonly uri: string;
  readonly text: string;
  /** Read as `scan` reads files: `candidates` are the objects some rule may flag. */
  readonly parsed: ScannedFile;
  /** The candidates that shape other objects' findings (Namespaces, NetworkPolicies, Tenants). */
  readonly context: readonly ManifestObject[];
  /** Offset of this segment in the current version of the file. */
  start: number;
}

/** The parse of one version of one file. */
export interface ParsedDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly segments: readonly Segment[];
  readonly objects: readonly ManifestObject[];
  /** The objects some rule may flag, and of those the context objects, of every segment. */
  readonly candidates: readonly ManifestObject[];
  readonly context: readonly ManifestObject[];
  /** The segments with candidates, in order. */
  readonly candidateSegments: readonly Segment[];
  /** Names of the segments with context objects: it changes when one of them does. */
  readonly contextKey: string;
  /** A Helm/Go template: not scanned, and no noise about it. */
  readonly template: boolean;
}

/** A document marker at the start of a line; YAML forbids it inside any scalar, so splitting there is safe. */
const DOCUMENT_MARKER = /^---(?=[ \t\r\n]|$)/gm;

/** Offsets where the file's documents start: 0, then every `---` line. */
export function segmentStarts(text: string): number[] {
  // Directives (`%YAML`) belong to the document after them: keep such a file whole.
  if (/^%/m.test(text)) return [0];
  const starts = [0];
  for (const m of text.matchAll(DOCUMENT_MARKER)) if (m.index > 0) starts.push(m.index);
  return starts;
}

let counter = 0;

const LINE_BREAKS = '\n\r\u2028\u2029';

/** Whether a `%` starts a line at some offset in [from, to], as `/^%/m` would find it. */
function directiveIn(text: string, from: number, to: number): boolean {
  for (let i = from, end = Math.min(to, text.length - 1); i <= end; i++) {
    if (text[i] === '%' && (i === 0 || LINE_BREAKS.includes(text[i - 1]))) return true;
  }
  return false;
}

/** Compared a block at a time (native string equality), then a character at a time. */
const BLOCK = 4096;

/** The length of the common start of `a` and `b`, at most `n`. */
function commonPrefix(a: string, b: string, n: number): number {
  let p = 0;
  while (p + BLOCK <= n && a.slice(p, p + BLOCK) === b.slice(p, p + BLOCK)) p += BLOCK;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** The length of the common end of `a` and `b`, at most `n`. */
function commonSuffix(a: string, b: string, n: number): number {
  let q = 0;
  while (
    q + BLOCK <= n &&
    a.slice(a.length - q - BLOCK, a.length - q) === b.slice(b.length - q - BLOCK, b.length - q)
  )
    q += BLOCK;
  while (q < n && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  return q;
}

/**
 * What an edit left alone: the previous version's segments wholly before the first changed
 * character (and the marker after them) and wholly after the last, and the span [from, to) of
 * the new text between them, with the old segments that were there. A 50,000-line file with a
 * one-character edit re-splits one document, not 4,000.
 */
function unchanged(
  previous: ParsedDocument | undefined,
  text: string,
): { head: Segment[]; middle: Segment[]; tail: Segment[]; from: number; to: number } {
  const old = previous?.text;
  const segs = previous?.segments ?? [];
  const whole = { head: [], middle: [...segs], tail: [], from: 0, to: text.length };
  if (old === undefined || previous!.template || segs.length === 0) return whole;
  const n = Math.min(old.length, text.length);
  const p = commonPrefix(old, text, n);
  const q = commonSuffix(old, text, n - p);
  // A directive keeps the file whole. The previous version had none (or it is one segment), so
  // a new one can only start inside the changed span or just after it.
  if (segs.length === 1 || directiveIn(text, p, text.length - q)) return whole;
  // A segment is kept when it and the 4 characters after it (the next `---` and what follows,
  // which decide where it ends) are unchanged; a tail segment also needs the newline before it.
  let h = 0;
  while (h < segs.length && segs[h].start + segs[h].text.length + 4 <= p) h++;
  let t = segs.length;
  while (t > h && segs[t - 1].start - 1 >= old.length - q) t--;
  const from = h > 0 ? segs[h - 1].start + segs[h - 1].text.length : 0;
  const to = t < segs.length ? segs[t].start + (text.length - old.length) : text.length;
  return { head: segs.slice(0, h), middle: segs.slice(h, t), tail: segs.slice(t), from, to };
}

/** Parses documents by uri and version; keeps the previous version's segments to reuse. */
export class DocumentParser {
  private readonly byUri = new Map<string, ParsedDocument>();
  private readonly segmentNames = new Map<string, Segment>();

  /** The parse of `text` as `version` of `uri`; the same object when nothing changed. */
  parse(uri: string, version: number, text: string): ParsedDocument {
    const previous = this.byUri.get(uri);
    if (previous && previous.version === version && previous.text === text) return previous;
    const parsed = this.build(uri, version, text, previous);
    this.byUri.set(uri, parsed);
    return parsed;
  }

  get(uri: string): ParsedDocument | undefined {
    return this.byUri.get(uri);
  }

  /** The segment a finding's `file` names, if it is still part of a current parse. */
  segment(name: string | undefined): Segment | undefined {
    return name === undefined ? undefined : this.segmentNames.get(name);
  }

  delete(uri: string): void {
    this.forget(this.byUri.get(uri)?.segments ?? []);
    this.byUri.delete(uri);
  }

  uris(): string[] {
    return [...this.byUri.keys()];
  }

  private build(
    uri: string,
    version: number,
    text: string,
    previous: ParsedDocument | undefined,
  ): ParsedDocument {
    // Asked of the whole file, as the CLI does: one templated document makes the file a template.
    if (isTemplate(text)) {
      this.forget(previous?.segments ?? []);
      return {
        uri,
        version,
        text,
        segments: [],
        objects: [],
        candidates: [],
        context: [],
        candidateSegments: [],
        contextKey: '',
        template: true,
      };
    }
    const { head, middle, tail, from, to } = unchanged(previous, text);
    const reusable = new Map<string, Segment[]>();
    for (const s of middle) {
      const list = reusable.get(s.text) ?? [];
      list.push(s);
      reusable.set(s.text, list);
    }
    const middleText = text.slice(from, to);
    const starts = segmentStarts(middleText).map((o) => o + from);
    if (middleText === '' && (head.length || tail.length)) starts.length = 0;
    const delta = text.length - (previous?.text.length ?? 0);
    for (const seg of tail) seg.start += delta;
    const fresh: Segment[] = [];
    starts.forEach((start, i) => {
      const end = i + 1 < starts.length ? starts[i + 1] : to;
      const segText = text.slice(start, end);
      let segment = reusable.get(segText)?.shift();
      if (segment) segment.start = start;
      else {
        const name = `${uri}#${++counter}`;
        const parsed = scanManifests(segText, name);
        const ctx = parsed.candidates.filter(isContextObject);
        segment = { name, uri, text: segText, parsed, context: ctx, start };
        this.segmentNames.set(name, segment);
      }
      fresh.push(segment);
    });
    // What the edit replaced and no new document reused is gone.
    for (const left of reusable.values()) this.forget(left);
    const segments = [...head, ...fresh, ...tail];
    const objects: ManifestObject[] = [];
    const candidates: ManifestObject[] = [];
    const context: ManifestObject[] = [];
    const candidateSegments: Segment[] = [];
    const contextNames: string[] = [];
    for (const segment of segments) {
      for (const o of segment.parsed.objects) objects.push(o);
      if (segment.parsed.candidates.length) {
        for (const o of segment.parsed.candidates) candidates.push(o);
        candidateSegments.push(segment);
      }
      if (segment.context.length) {
        for (const o of segment.context) context.push(o);
        contextNames.push(segment.name);
      }
    }
    return {
      uri,
      version,
      text,
      segments,
      objects,
      candidates,
      context,
      candidateSegments,
      contextKey: contextNames.join(' '),
      template: false,
    };
  }

  /** Drops the names of segments no current parse holds. */
  private forget(segments: readonly Segment[]): void {
    for (const s of segments) this.segmentNames.delete(s.name);
  }
}
