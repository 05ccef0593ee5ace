// Finds, in a source YAML node, the text that a rendered object's field path came from.
import { isCollection, isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { PathSegment } from '../types.js';
import { findPair } from '../parse/source-range.js';

/**
 * Keys by which strategic merge (and a reader) matches list items: containers by `name`, container
 * ports by `containerPort`, Service ports by `port`… Tried in order; the first one that matches wins.
 */
export const MERGE_KEYS = ['name', 'containerPort', 'port', 'mountPath', 'devicePath', 'ip'];

export interface Located {
  /** Offsets of `key: value` (scalar) or `key:` (collection), as the engine's ranges are. */
  offsets?: [number, number];
  /** The source's value at the path, as plain data (for comparing with the rendered value). */
  value?: unknown;
  /** Offsets of the deepest node found on the way, when the whole path was not. */
  nearest?: [number, number];
}

/**
 * Walks `root` along `path`, where the indexes are those of the rendered object: a list item is
 * matched by its merge key (a patch or base lists items in another order, or only some of them),
 * else by position when the rendered item has no merge key. `text` is the text `root` indexes.
 */
export function locatePath(
  root: Node,
  rendered: unknown,
  path: readonly PathSegment[],
  text: string,
): Located {
  let cur: Node | undefined = root;
  let value: unknown = rendered;
  let nearest: [number, number] | undefined = root.range
    ? [root.range[0], root.range[1]]
    : undefined;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (typeof seg === 'number') {
      const item: unknown = Array.isArray(value) ? value[seg] : undefined;
      const next: Node | undefined = isSeq(cur)
        ? matchItem(cur.items as Node[], item, seg)
        : undefined;
      if (!next) return { nearest };
      value = item;
      cur = next;
      if (next.range) nearest = [next.range[0], next.range[1]];
      if (last) return { offsets: nearest, value: next.toJSON(), nearest };
      continue;
    }
    const pair = findPair(cur, seg) as Pair<Node, Node | null> | undefined;
    if (!pair) return { nearest };
    const key = pair.key;
    value = isPlainObject(value) ? value[seg] : undefined;
    if (last) {
      const offsets = pairOffsets(pair, text);
      return {
        offsets,
        value: pair.value ? pair.value.toJSON() : null,
        nearest: offsets ?? nearest,
      };
    }
    if (!pair.value) return { nearest: pairOffsets(pair, text) ?? nearest };
    cur = pair.value;
    if (key.range) nearest = pairOffsets(pair, text) ?? nearest;
  }
  return { offsets: nearest, value: cur?.toJSON(), nearest };
}

/** `key: value` for a scalar value, `key:` for a collection (its items follow on other lines). */
export function pairOffsets(
  pair: Pair<Node, Node | null>,
  text: string,
): [number, number] | undefined {
  const key = pair.key;
  if (!key?.range) return undefined;
  const value = pair.value;
  if (value && !isCollection(value) && value.range) return [key.range[0], value.range[1]];
  let end = key.range[1];
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  if (text[end] === ':') end++;
  return [key.range[0], end];
}

function matchItem(items: readonly Node[], rendered: unknown, index: number): Node | undefined {
  if (isPlainObject(rendered)) {
    for (const k of MERGE_KEYS) {
      if (!(k in rendered)) continue;
      const want = String(rendered[k]);
      const hit = items.find((n) => {
        const p = findPair(n, k);
        return p && isScalar(p.value) && String(p.value.value) === want;
      });
      if (hit) return hit;
    }
    const keyed = MERGE_KEYS.some((k) => k in rendered);
    return keyed ? undefined : isMap(items[index]) ? items[index] : undefined;
  }
  if (rendered !== undefined && !Array.isArray(rendered)) {
    const hit = items.find((n) => isScalar(n) && String(n.value) === String(rendered));
    if (hit) return hit;
  }
  return items[index];
}

/** The same walk over plain data (a JSON 6902 op's `value`): the value at `path`, or undefined. */
export function valueAt(data: unknown, rendered: unknown, path: readonly PathSegment[]): unknown {
  let cur = data;
  let value = rendered;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      const item = Array.isArray(value) ? value[seg] : undefined;
      value = item;
      let next: unknown;
      if (isPlainObject(item)) {
        for (const k of MERGE_KEYS) {
          if (!(k in item)) continue;
          next = cur.find((c) => isPlainObject(c) && String(c[k]) === String(item[k]));
          if (next !== undefined) break;
        }
        if (next === undefined && !MERGE_KEYS.some((k) => k in item)) next = cur[seg];
      } else next = cur[seg];
      cur = next;
    } else {
      if (!isPlainObject(cur)) return undefined;
      cur = cur[seg];
      value = isPlainObject(value) ? value[seg] : undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Same data, as far as a finding cares: scalars by their text (`"8080"` is 8080), else JSON. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || typeof a !== 'object')
    return b !== null && typeof b !== 'object' && String(a) === String(b);
  return JSON.stringify(a) === JSON.stringify(b);
}
