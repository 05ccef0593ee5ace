// Minimal text edits on YAML/JSON source: remove pairs, replace a scalar, insert a pair, add documents.
import { isScalar, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import {
  columnOf,
  contentEnd,
  isCommentLine,
  lineStart,
  nextLineStart,
  type TextStyle,
} from './text-style.js';
import type { TextEdit } from './types.js';

type AnyPair = Pair<Node, Node | null>;

function keyStart(p: AnyPair): number {
  return p.key.range![0];
}

/** End of a pair's value on its last line, before any trailing comment. */
function pairEnd(text: string, p: AnyPair): number {
  const v = p.value;
  return v?.range ? contentEnd(text, v.range[1]) : p.key.range![1];
}

/** The lines of `text[start, end)` that hold only a comment, newline included. */
function commentLines(text: string, start: number, end: number): string {
  let out = '';
  for (let pos = start; pos < end;) {
    const next = Math.min(nextLineStart(text, pos), end);
    const line = text.slice(pos, next);
    if (isCommentLine(line.replace(/\r?\n$/, ''))) out += line;
    pos = next;
  }
  return out;
}

/**
 * Removes `remove` (pairs of `map`) with their whole lines and the comment trailing on those lines.
 * Comment lines of their own are kept; in a flow map only `, key: value` goes. Returns undefined
 * when the layout is one this helper does not understand (the caller then offers no fix).
 *
 * @example `ports: [{containerPort: 80, hostPort: 8080}]` → `ports: [{containerPort: 80}]`
 */
export function removePairs(
  text: string,
  map: YAMLMap,
  remove: readonly AnyPair[],
): TextEdit[] | undefined {
  const items = map.items as AnyPair[];
  if (items.some((p) => !p.key?.range)) return undefined;
  const gone = items.map((p) => remove.includes(p));
  if (!gone.some(Boolean)) return [];
  const last = items.length - 1;
  if (gone.every(Boolean)) {
    return [
      { range: [keyStart(items[0]), pairEnd(text, items[last])], text: map.flow ? '' : '{}' },
    ];
  }
  const edits: TextEdit[] = [];
  for (let i = 0; i <= last; i++) {
    if (!gone[i]) continue;
    let j = i;
    while (j < last && gone[j + 1]) j++;
    if (map.flow) {
      edits.push(
        i > 0
          ? { range: [pairEnd(text, items[i - 1]), pairEnd(text, items[j])], text: '' }
          : { range: [keyStart(items[i]), keyStart(items[j + 1])], text: '' },
      );
    } else {
      const start = keyStart(items[i]);
      const ls = lineStart(text, start);
      if (/^\s*$/.test(text.slice(ls, start))) {
        const end = nextLineStart(text, pairEnd(text, items[j]));
        const kept = commentLines(text, nextLineStart(text, ls), end);
        // The file's last line without a newline: the newline before it goes, not a blank line.
        const from = end === text.length && !text.endsWith('\n') && !kept ? eolStart(text, ls) : ls;
        edits.push({ range: [from, end], text: kept });
      } else if (i === 0 && /^\s*-\s+$/.test(text.slice(ls, start))) {
        // `- hostPort: 8080` opens a sequence item: the next kept key moves up behind the dash.
        const next = keyStart(items[j + 1]);
        const moved = commentLines(text, nextLineStart(text, start), lineStart(text, next));
        if (moved) edits.push({ range: [ls, ls], text: moved });
        edits.push({ range: [start, next], text: '' });
      } else {
        return undefined;
      }
    }
    i = j;
  }
  return edits;
}

/** Where the line ending just before `offset` (a line start) begins. */
function eolStart(text: string, offset: number): number {
  if (offset > 1 && text[offset - 2] === '\r') return offset - 2;
  return offset > 0 ? offset - 1 : offset;
}

/** Replaces a scalar's value, keeping its quoting style (plain, 'single' or "double"). */
export function replaceScalar(node: Node, value: string): TextEdit | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const text =
    node.type === 'QUOTE_DOUBLE'
      ? JSON.stringify(value)
      : node.type === 'QUOTE_SINGLE'
        ? `'${value.replace(/'/g, "''")}'`
        : value;
  return { range: [node.range[0], node.range[1]], text };
}

/** A new pair in both notations: block lines (relative indentation) and one flow/JSON fragment. */
export interface NewPair {
  /** e.g. `['labels:', '  app: web']` with the file's indent unit already applied. */
  block: string[];
  /** e.g. `labels: {app: web}` or `"labels": {"app": "web"}`. */
  flow: string;
}

/**
 * Inserts a pair into `map` after the pair `after` (or before `before`), at the map's own
 * indentation. Flow maps and JSON get `, key: value` after their last pair.
 */
export function insertPair(
  text: string,
  style: TextStyle,
  map: YAMLMap,
  pair: NewPair,
  where: { after?: AnyPair; before?: AnyPair },
): TextEdit | undefined {
  const items = map.items as AnyPair[];
  if (map.flow) {
    if (!map.range) return undefined;
    if (items.length === 0) {
      return { range: [map.range[0], map.range[1]], text: `{ ${pair.flow} }` };
    }
    const lastPair = items[items.length - 1];
    const end = pairEnd(text, lastPair);
    const multiline = lineStart(text, keyStart(items[0])) !== lineStart(text, map.range[0]);
    const sep = multiline ? `,${style.eol}${' '.repeat(columnOf(text, keyStart(lastPair)))}` : ', ';
    return { range: [end, end], text: `${sep}${pair.flow}` };
  }
  if (items.length === 0 || items.some((p) => !p.key?.range)) return undefined;
  const col = columnOf(text, keyStart(items[0]));
  const pad = ' '.repeat(col);
  if (where.after) {
    const pos = nextLineStart(text, pairEnd(text, where.after));
    const lead = pos === text.length && !text.endsWith('\n') ? style.eol : '';
    return { range: [pos, pos], text: lead + pair.block.map((l) => pad + l + style.eol).join('') };
  }
  const before = where.before ?? items[0];
  const ks = keyStart(before);
  const ls = lineStart(text, ks);
  if (/^\s*$/.test(text.slice(ls, ks))) {
    return { range: [ls, ls], text: pair.block.map((l) => pad + l + style.eol).join('') };
  }
  // The key sits behind a `- `: the new pair takes its place there and it moves down.
  const moved = pair.block.map((l, k) => (k === 0 ? l : pad + l)).join(style.eol);
  return { range: [ks, ks], text: `${moved}${style.eol}${pad}` };
}

/**
 * Adds rendered YAML documents right after `doc` (before the next `---`). `rendered` holds whole
 * documents without their leading `---`, each line ending with the file's line ending.
 */
export function insertDocumentsAfter(
  text: string,
  style: TextStyle,
  doc: Document,
  rendered: string,
): TextEdit | undefined {
  const pos = doc.range?.[2];
  if (pos === undefined) return undefined;
  const lead = pos > 0 && text[pos - 1] !== '\n' ? style.eol : '';
  return { range: [pos, pos], text: `${lead}---${style.eol}${rendered}` };
}

/** Inserts JSON values into a JSON array (the `items` of a `kind: List`) after `afterItem`. */
export function insertJsonItems(
  text: string,
  style: TextStyle,
  afterItem: Node,
  json: string[],
): TextEdit | undefined {
  if (!afterItem.range) return undefined;
  const end = contentEnd(text, afterItem.range[1]);
  const col = columnOf(text, afterItem.range[0]);
  const pad = ' '.repeat(col);
  const body = json
    .map((j) => pad + j.split('\n').join(`${style.eol}${pad}`))
    .join(`,${style.eol}`);
  return { range: [end, end], text: `,${style.eol}${body}` };
}
