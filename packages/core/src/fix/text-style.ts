// How a file is written (line endings, indent unit, sequence indent, JSON or YAML) and line helpers.
import { isMap, isPair, isSeq, visit, type Document, type Node } from 'yaml';

/** The habits of a file that new text must follow so a fix looks hand-written. */
export interface TextStyle {
  eol: '\n' | '\r\n';
  /** Spaces per nesting level of block maps (2 or 4 in practice). */
  indent: number;
  /** `ports:\n  - a` (true) or `ports:\n- a` (false). */
  indentSeq: boolean;
  /** JSON text: new keys are quoted, and there is no room for a second YAML document. */
  json: boolean;
}

export function detectStyle(text: string, file: string, documents: readonly Document[]): TextStyle {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const json = /\.json$/i.test(file) || /^\s*[{[]/.test(text);
  const indents = new Map<number, number>();
  let seqIndented = 0;
  let seqFlat = 0;
  for (const doc of documents) {
    visit(doc, {
      Pair(_key, pair) {
        if (!isPair(pair)) return;
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (!key?.range || !value?.range || !(isMap(value) || isSeq(value)) || value.flow) return;
        const keyCol = columnOf(text, key.range[0]);
        if (lineStart(text, key.range[0]) === lineStart(text, value.range[0])) return;
        if (isMap(value)) {
          const diff = columnOf(text, value.range[0]) - keyCol;
          if (diff > 0) indents.set(diff, (indents.get(diff) ?? 0) + 1);
        } else {
          const dash = columnOf(text, value.range[0]);
          if (dash > keyCol) seqIndented++;
          else if (dash === keyCol) seqFlat++;
        }
      },
    });
  }
  let indent = 2;
  let best = 0;
  for (const [diff, count] of indents) {
    if (count > best || (count === best && diff < indent)) {
      indent = diff;
      best = count;
    }
  }
  return { eol, indent, indentSeq: seqIndented >= seqFlat, json };
}

/** Offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just after the newline that ends the line holding `offset` (or the end of text). */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

export function columnOf(text: string, offset: number): number {
  return offset - lineStart(text, offset);
}

/** Column of the `-` that opens a block sequence item whose content starts at `offset`. */
export function dashColumn(text: string, offset: number): number {
  let i = offset - 1;
  while (i >= 0 && text[i] !== '-' && text[i] !== '\n') i--;
  return text[i] === '-' ? columnOf(text, i) : columnOf(text, offset);
}

/** The last offset that holds content of a node whose range ends at `end` (skips a final newline). */
export function contentEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && (text[e - 1] === '\n' || text[e - 1] === '\r')) e--;
  return e;
}

/** True when a line (without its newline) is only a comment. */
export function isCommentLine(line: string): boolean {
  return /^\s*#/.test(line);
}
