// Turns the text of a manifest file (YAML stream or JSON) into objects that keep their source.
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import type { InputError, KubeObject, ManifestObject, SkippedFile, SourceFile } from '../types.js';
import { refOf } from '../objects.js';

export interface ParsedFile {
  source: SourceFile;
  documents: Document[];
  objects: ManifestObject[];
  errors: InputError[];
  skipped?: SkippedFile;
}

/** An alias bomb expands past this many nodes and is refused rather than expanded. */
const MAX_ALIAS_COUNT = 1000;

/** Helm and other Go templates cannot be parsed as YAML before rendering. */
export function isTemplate(text: string): boolean {
  return /\{\{[\s\S]*?\}\}/.test(text);
}

/**
 * Parses every document of a file. A broken document becomes an error with its line; the
 * documents around it are still returned, so one typo never hides the findings beside it.
 */
export function parseManifests(text: string, file: string): ParsedFile {
  const lineCounter = new LineCounter();
  const source: SourceFile = { file, text, lineCounter };
  if (isTemplate(text)) {
    return {
      source,
      documents: [],
      objects: [],
      errors: [],
      skipped: { file, reason: 'template (contains "{{"); render it first, e.g. helm template' },
    };
  }
  const documents = parseAllDocuments(text, {
    lineCounter,
    keepSourceTokens: true,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const docs = Array.isArray(documents) ? documents : [];
  const objects: ManifestObject[] = [];
  const errors: InputError[] = [];
  docs.forEach((document, documentIndex) => {
    if (document.errors.length > 0) {
      const err = document.errors[0];
      const pos = lineCounter.linePos(err.pos[0]);
      errors.push({ file, line: pos.line, column: pos.col, message: firstLine(err.message) });
      return;
    }
    const root = document.contents;
    if (root === null || root === undefined) return;
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const pos = lineCounter.linePos(root.range?.[0] ?? 0);
      errors.push({ file, line: pos.line, message: firstLine((e as Error).message) });
      return;
    }
    collectObjects(value, root, { file: source, document, documentIndex }, objects, errors);
  });
  return { source, documents: docs, objects, errors };
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
    errors.push({
      file: at.file.file,
      line: lineOf(),
      message: 'document is not a Kubernetes object (expected a mapping with apiVersion and kind)',
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

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}
