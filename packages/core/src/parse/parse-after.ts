// Parses a text whose start is already parsed: the prefix's documents are reused, only the rest is read.
import { countLines } from './scan-manifests.js';
import { isMarkerAt } from './split-documents.js';
import { tooDeepDocuments } from './nesting-depth.js';
import { parseSpan } from './parse-documents.js';
import { collectDocument, parseManifests, type ParsedFile } from './parse-manifests.js';
import type { InputError, ManifestObject } from '../types.js';

/**
 * `parseManifests(text, file)`, given `prefix`, the parse of a start of `text` that ends where a
 * `---` line begins. The language server hands the fix engine a finding's document after the
 * Services of its namespace; those are the same for every finding there, so they are parsed once.
 * Anything unusual after the prefix (an error, a template, directives, deep nesting) is parsed
 * whole, as before. The prefix's objects keep their own source (a fix never edits them).
 */
export function parseAfter(prefix: ParsedFile, text: string, file: string): ParsedFile {
  const start = prefix.source.text.length;
  const rest = text.slice(start);
  const reusable =
    text.startsWith(prefix.source.text) &&
    (start === 0 || text[start - 1] === '\n') &&
    isMarkerAt(text, start) &&
    !prefix.skipped &&
    prefix.errors.length === 0 &&
    !/[\0]|\{\{|^(?:%|\.\.\.)/m.test(rest) &&
    tooDeepDocuments(rest).length === 0;
  if (!reusable) return parseManifests(text, file);
  const documents = parseSpan(text, start, text.length);
  if (documents.some((d) => d.errors.length > 0)) return parseManifests(text, file);
  const source = { file, text, lineCounter: countLines(text) };
  const objects: ManifestObject[] = [...prefix.objects];
  const errors: InputError[] = [];
  documents.forEach((d, i) =>
    collectDocument(d, prefix.documents.length + i, source, text, objects, errors),
  );
  return { source, documents: [...prefix.documents, ...documents], objects, errors };
}
