// What every remediation works from: the finding's object, its document and the file's style.
import { isMap, type Document, type Node, type YAMLMap } from 'yaml';
import type { ParsedFile } from '../parse/parse-manifests.js';
import { nodeAt } from '../parse/source-range.js';
import type { Finding, ManifestObject, ObjectSource, PathSegment } from '../types.js';
import { detectStyle, type TextStyle } from './text-style.js';
import type { FixOptions, FixSuggestion } from './types.js';

export interface FixContext {
  parsed: ParsedFile;
  text: string;
  finding: Finding;
  object: ManifestObject & { source: ObjectSource };
  document: Document;
  style: TextStyle;
  options: FixOptions;
}

/** What a remediation found: the suggestions it can offer, or why it offers none. */
export interface Outcome {
  suggestions: FixSuggestion[];
  reason?: string;
}

export function noFix(reason: string): Outcome {
  return { suggestions: [], reason };
}

/** Finds the object a finding is about (by identity, and by position when it has one). */
export function contextFor(
  parsed: ParsedFile,
  finding: Finding,
  options: FixOptions,
): FixContext | string {
  const offset = finding.range?.offset[0];
  const object = parsed.objects.find((o) => {
    const node = o.source?.node;
    if (!node?.range || !sameRef(o, finding)) return false;
    return offset === undefined || (node.range[0] <= offset && offset < node.range[2]);
  });
  if (!object?.source) return 'the finding does not point into this file';
  return {
    parsed,
    text: parsed.source.text,
    finding,
    object: object as FixContext['object'],
    document: object.source.document,
    style: styleOf(parsed),
    options,
  };
}

const styles = new WeakMap<ParsedFile, TextStyle>();

/** The file's style, detected once per parse (every fix of a file needs it). */
function styleOf(parsed: ParsedFile): TextStyle {
  let style = styles.get(parsed);
  if (!style) {
    style = detectStyle(parsed.source.text, parsed.source.file, parsed.documents);
    styles.set(parsed, style);
  }
  return style;
}

function sameRef(o: ManifestObject, f: Finding): boolean {
  return (
    o.ref.kind === f.object.kind &&
    o.ref.name === f.object.name &&
    (o.ref.namespace ?? '') === (f.object.namespace ?? '') &&
    o.ref.apiVersion === f.object.apiVersion
  );
}

/** The block or flow map at `path` below the object's node, when it is one. */
export function mapAt(ctx: FixContext, path: readonly PathSegment[]): YAMLMap | undefined {
  const node: Node | undefined = path.length
    ? nodeAt(ctx.object.source.node, path)
    : ctx.object.source.node;
  return isMap(node) ? (node as YAMLMap) : undefined;
}

/** Objects of the same file and namespace as the finding's object, of one kind. */
export function neighbours(ctx: FixContext, kind: string): ManifestObject[] {
  const ns = ctx.object.ref.namespace ?? '';
  return ctx.parsed.objects.filter((o) => o.value.kind === kind && (o.ref.namespace ?? '') === ns);
}

/**
 * `base` when no object of `kind` in the namespace has that name (nor is one of `reserved`, names
 * taken outside the file), else `base-portguard`(-2…).
 */
export function freeName(
  ctx: FixContext,
  kind: string,
  base: string,
  reserved: readonly string[] = [],
): string {
  const taken = new Set([...neighbours(ctx, kind).map((o) => o.ref.name), ...reserved]);
  if (!taken.has(base)) return base;
  for (let i = 1; ; i++) {
    const name = i === 1 ? `${base}-portguard` : `${base}-portguard-${i}`;
    if (!taken.has(name)) return name;
  }
}
