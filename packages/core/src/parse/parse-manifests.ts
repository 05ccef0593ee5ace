// Turns the text of a manifest file (YAML stream or JSON) into objects that keep their source.
import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { InputError, KubeObject, ManifestObject, SkippedFile, SourceFile } from '../types.js';
import { refOf } from '../objects.js';
import { describeYamlError, errorOffset, firstLine } from './error-message.js';
import { blankSpans, MAX_NESTING, tooDeepDocuments } from './nesting-depth.js';
import { parseDocuments } from './parse-documents.js';
import { hasTemplateSyntax } from './template-text.js';

export interface ParsedFile {
  source: SourceFile;
  documents: Document[];
  objects: ManifestObject[];
  errors: InputError[];
  skipped?: SkippedFile;
}

/** An alias bomb expands past this many nodes and is refused rather than expanded. */
const MAX_ALIAS_COUNT = 1000;

/**
 * True for an unrendered Helm/Go template: `{{` where YAML sees syntax, not inside a string.
 * Rendered manifests whose strings hold `{{ $labels.x }}` are not templates.
 */
export function isTemplate(text: string): boolean {
  if (!text.includes('{{')) return false;
  return hasTemplateSyntax(text, parseDocuments(text, new LineCounter()));
}

/**
 * Parses every document of a file. A broken document becomes an error with its line; the
 * documents around it are still returned, so one typo never hides the findings beside it.
 */
export function parseManifests(text: string, file: string): ParsedFile {
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, text, lineCounter };
  const errors: InputError[] = [];
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const line = text.slice(0, nul).split('\n').length;
    const message = 'binary data (a NUL byte), not a YAML or JSON manifest';
    return { source, documents: [], objects: [], errors: [{ file, line, message }] };
  }
  // Too-deep documents are blanked, not parsed: offsets and lines of the others stay true.
  const deep = tooDeepDocuments(text);
  for (const d of deep) {
    errors.push({ file, line: d.line, message: `nested deeper than ${MAX_NESTING} levels` });
  }
  const parsedText = deep.length ? blankSpans(text, deep) : text;
  const docs = parseDocuments(parsedText, lineCounter);
  if (parsedText.includes('{{') && hasTemplateSyntax(parsedText, docs)) {
    return {
      source,
      documents: [],
      objects: [],
      errors: [],
      skipped: { file, reason: 'template (contains "{{"); render it first, e.g. helm template' },
    };
  }
  const objects: ManifestObject[] = [];
  docs.forEach((document, documentIndex) =>
    collectDocument(document, documentIndex, source, parsedText, objects, errors),
  );
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { source, documents: docs, objects, errors };
}

/**
 * The objects of one parsed document (several for a `kind: List`), or its error: a syntax
 * error, an alias bomb, a document that is no Kubernetes object. An empty document adds nothing.
 */
export function collectDocument(
  document: Document,
  documentIndex: number,
  source: SourceFile,
  parsedText: string,
  objects: ManifestObject[],
  errors: InputError[],
): void {
  const { file, lineCounter } = source;
  if (document.errors.length > 0) {
    const err = document.errors[0];
    const pos = lineCounter.linePos(errorOffset(err, document));
    errors.push({
      file,
      line: pos.line,
      column: pos.col,
      message: describeYamlError(err, parsedText),
    });
    return;
  }
  const root = document.contents;
  // An empty document (`---` twice, only comments) is no error: kubectl skips it too.
  if (root === null || root === undefined) return;
  if (isScalar(root) && root.value === null && !root.anchor && !root.tag) return;
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const pos = lineCounter.linePos(root.range?.[0] ?? 0);
    const message = /excessive alias count/i.test((e as Error).message)
      ? `aliases expand to too many nodes (over ${MAX_ALIAS_COUNT}); refusing a possible alias bomb`
      : firstLine((e as Error).message);
    errors.push({ file, line: pos.line, message });
    return;
  }
  collectObjects(value, root, { file: source, document, documentIndex }, objects, errors);
}

function collectObjects(
  value: unknown,
  node: Node,
  at: Omit<NonNullable<ManifestObject['source']>, 'node'>,
  objects: ManifestObject[],
  errors: InputError[],
): void {
  const lineOf = () => at.file.lineCounter.linePos(node.range?.[0] ?? 0).line;
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !isMap(node)) {
    const what = Array.isArray(value) ? 'a list' : value === null ? 'empty' : 'a scalar';
    errors.push({
      file: at.file.file,
      line: lineOf(),
      message: `document is ${what}, not a Kubernetes object (expected a mapping with apiVersion and kind)`,
    });
    return;
  }
  const obj = value as KubeObject;
  if (typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') {
    errors.push({
      file: at.file.file,
      line: lineOf(),
      message: `document has no ${typeof obj.kind !== 'string' ? 'kind' : 'apiVersion'}; not a Kubernetes object`,
    });
    return;
  }
  if (/List$/.test(obj.kind) && Array.isArray(obj.items)) {
    const itemsNode = node.get('items', true);
    obj.items.forEach((item: unknown, i: number) => {
      const itemNode = isSeq(itemsNode) ? (itemsNode.items[i] as Node | undefined) : undefined;
      if (itemNode) collectObjects(item, itemNode, at, objects, errors);
    });
    return;
  }
  objects.push({ value: obj, ref: refOf(obj), source: { ...at, node }, origin: 'file' });
}
