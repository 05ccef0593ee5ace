// Reads a manifest file document by document: the documents no rule can flag are only counted.
import { Composer, LineCounter, Parser, type Document, type Node } from 'yaml';
import { refOf, isObject } from '../objects.js';
import type {
  InputError,
  KubeObject,
  ManifestObject,
  ObjectRef,
  ObjectSource,
  PathSegment,
  SkippedFile,
  SourceFile,
} from '../types.js';
import { readFast, type OffsetTable } from './fast-yaml.js';
import { MAX_NESTING, tooDeepDocuments } from './nesting-depth.js';
import { PARSE_OPTIONS, parseSpan } from './parse-documents.js';
import { collectDocument, parseManifests } from './parse-manifests.js';
import { documentsThatMayMatter } from './prefilter.js';
import { documentStarts } from './split-documents.js';

export interface ScannedFile {
  source: SourceFile;
  /** Every object of the file, in order, the ones no rule can flag included (for counts, JUnit). */
  objects: ManifestObject[];
  /** The objects some rule may flag: the ones to run the rules over. */
  candidates: ManifestObject[];
  errors: InputError[];
  skipped?: SkippedFile;
}

/** A LineCounter for the whole text, fed as `yaml`'s Parser feeds it: one entry per `\n`. */
export function countLines(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lc.addNewLine(nl + 1);
  return lc;
}

/** Files that the per-document path leaves to `parseManifests` whole, as before. */
function needsWholeFile(text: string): boolean {
  return (
    text.includes('\0') ||
    text.includes('{{') ||
    text.charCodeAt(0) === 0xfeff ||
    /^(?:\.\.\.|%)/m.test(text)
  );
}

/**
 * The source of an object the fast reader read: `locate` finds a finding's text by reading the
 * document again with offsets; `document` and `node` are built by `yaml` on first use only
 * (fixes need them, findings do not).
 */
export class SpanSource implements ObjectSource {
  private parsed?: Document;

  constructor(
    readonly file: SourceFile,
    readonly documentIndex: number,
    readonly start: number,
    readonly end: number,
  ) {}

  get document(): Document {
    if (!this.parsed) {
      const parser = new Parser();
      parser.offset = this.start;
      const docs = Array.from(
        new Composer(PARSE_OPTIONS).compose(
          parser.parse(this.file.text.slice(this.start, this.end)),
        ),
      ) as Document[];
      this.parsed = docs[0];
    }
    return this.parsed;
  }

  get node(): Node {
    return this.document.contents as Node;
  }

  locate(path: readonly PathSegment[]): [number, number] | undefined {
    const last = path[path.length - 1];
    if (typeof last !== 'string') return undefined;
    const table: OffsetTable = new Map();
    const doc = readFast(this.file.text, this.start, this.end, table);
    let cur: unknown = doc?.value;
    for (let i = 0; i < path.length - 1; i++) {
      if (cur === null || typeof cur !== 'object') return undefined;
      cur = (cur as Record<string | number, unknown>)[path[i]];
    }
    if (cur === null || typeof cur !== 'object') return undefined;
    const at = table.get(cur)?.get(last);
    if (!at) return undefined;
    if (!at.collection) return at.valueEnd === undefined ? undefined : [at.keyStart, at.valueEnd];
    const text = this.file.text;
    let end = at.keyEnd;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    if (text[end] === ':') end++;
    return [at.keyStart, end];
  }
}

/**
 * An object no rule can flag: its identity is kept, its value is read again only if asked for,
 * so memory follows the documents that matter, not the file.
 */
class SkimmedObject implements ManifestObject {
  readonly origin = 'file' as const;

  constructor(
    readonly ref: ObjectRef,
    readonly source: SpanSource,
  ) {}

  get value(): KubeObject {
    const { file, start, end } = this.source;
    return readFast(file.text, start, end)!.value as KubeObject;
  }
}

/**
 * Parses a file as `parseManifests` does, but one document at a time: a cheap pass over each
 * document's raw text (`documentsThatMayMatter`) and a fast reader for plain block YAML decide
 * and read; `yaml` parses only what the fast reader leaves. Documents that hold no word a rule
 * reads are counted with their identity and not kept. The objects, errors and every finding's
 * range are those of `parseManifests` (a property test holds them equal).
 */
export function scanManifests(text: string, file: string): ScannedFile {
  if (needsWholeFile(text)) {
    const p = parseManifests(text, file);
    return { ...p, candidates: p.objects };
  }
  const source: SourceFile = { file, text, lineCounter: countLines(text) };
  const objects: ManifestObject[] = [];
  const candidates: ManifestObject[] = [];
  const errors: InputError[] = [];
  const starts = documentStarts(text);
  const matters = documentsThatMayMatter(text, starts);
  for (let k = 0; k < starts.length; k++) {
    const start = starts[k];
    const end = k + 1 < starts.length ? starts[k + 1] : text.length;
    const fast = readFast(text, start, end);
    if (fast?.empty) continue;
    const value = fast?.value;
    if (
      !isObject(value) ||
      typeof value.kind !== 'string' ||
      typeof value.apiVersion !== 'string' ||
      /List$/.test(value.kind)
    ) {
      // The fast reader gave up, or the document is a List or no object: `yaml` says what it is.
      const before = objects.length;
      slowDocument(source, k, start, end, objects, errors);
      for (let i = before; i < objects.length; i++) candidates.push(objects[i]);
      continue;
    }
    const span = new SpanSource(source, k, start, end);
    if (matters[k]) {
      const object: ManifestObject = { value, ref: refOf(value), source: span, origin: 'file' };
      objects.push(object);
      candidates.push(object);
    } else {
      objects.push(new SkimmedObject(refOf(value), span));
    }
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { source, objects, candidates, errors };
}

/** One document through `yaml`, with the checks `parseManifests` makes: nesting depth first. */
function slowDocument(
  source: SourceFile,
  documentIndex: number,
  start: number,
  end: number,
  objects: ManifestObject[],
  errors: InputError[],
): void {
  const { text, file, lineCounter } = source;
  const deep = tooDeepDocuments(text.slice(start, end));
  if (deep.length) {
    const line = lineCounter.linePos(start).line + deep[0].line - 1;
    errors.push({ file, line, message: `nested deeper than ${MAX_NESTING} levels` });
    return;
  }
  for (const document of parseSpan(text, start, end)) {
    collectDocument(document, documentIndex, source, text, objects, errors);
  }
}
