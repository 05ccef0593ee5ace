// Maps a field path of an object back to the exact text of its key and value.
import { isCollection, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { ObjectSource, PathSegment, SourceFile, SourceRange } from '../types.js';

/** Converts 0-based offsets [start, end) into 1-based line:column positions. */
export function toSourceRange(file: SourceFile, start: number, end: number): SourceRange {
  const s = file.lineCounter.linePos(start);
  const e = file.lineCounter.linePos(end);
  return {
    start: { line: s.line, column: s.col },
    end: { line: e.line, column: e.col },
    offset: [start, end],
  };
}

/** The pair of a map whose key is `key`, or undefined. */
export function findPair(map: Node | undefined | null, key: string): Pair<Node, Node> | undefined {
  if (!isMap(map)) return undefined;
  return (map.items as Pair<Node, Node>[]).find(
    (p) => isScalar(p.key) && String(p.key.value) === key,
  );
}

/** The node at a path below `root`, following map keys and sequence indexes. */
export function nodeAt(
  root: Node | null | undefined,
  path: readonly PathSegment[],
): Node | undefined {
  let cur: Node | null | undefined = root;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!isSeq(cur)) return undefined;
      cur = cur.items[seg] as Node | undefined;
    } else {
      cur = findPair(cur, seg)?.value ?? undefined;
    }
    if (!cur) return undefined;
  }
  return cur ?? undefined;
}

/**
 * Offsets of the text that a finding at `path` points at: `hostPort: 8080` for a scalar value,
 * `externalIPs:` for a collection, the whole item for a sequence index.
 */
export function offsetsOf(
  source: ObjectSource,
  path: readonly PathSegment[],
): [number, number] | undefined {
  const located = source.locate?.(path);
  if (located) return located;
  const node = source.node;
  if (path.length === 0) return node.range ? [node.range[0], node.range[1]] : undefined;
  const last = path[path.length - 1];
  const parent = nodeAt(node, path.slice(0, -1));
  if (typeof last === 'number') {
    const item = isSeq(parent) ? (parent.items[last] as Node | undefined) : undefined;
    return item?.range ? [item.range[0], item.range[1]] : undefined;
  }
  const pair = findPair(parent, last);
  const key = pair?.key as Node | undefined;
  if (!pair || !key?.range) return undefined;
  const value = pair.value as Node | null;
  if (value && !isCollection(value) && value.range) return [key.range[0], value.range[1]];
  const text = source.file.text;
  let end = key.range[1];
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] === ':') end++;
  return [key.range[0], end];
}

export function rangeOf(
  source: ObjectSource,
  path: readonly PathSegment[],
): SourceRange | undefined {
  const o = offsetsOf(source, path);
  return o ? toSourceRange(source.file, o[0], o[1]) : undefined;
}
