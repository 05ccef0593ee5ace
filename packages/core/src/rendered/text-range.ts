// Converts offsets in a text to the engine's 1-based line:column ranges.
import type { SourceRange } from '../types.js';

/** Line starts of the last few texts: a mapping converts many ranges in the same few files. */
const cache = new Map<string, number[]>();

function lineStarts(text: string): number[] {
  let starts = cache.get(text);
  if (!starts) {
    if (cache.size > 32) cache.clear();
    starts = [0];
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    cache.set(text, starts);
  }
  return starts;
}

function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}

/** The range of `[start, end)` in `text`, lines and columns 1-based. */
export function rangeInText(text: string, [start, end]: [number, number]): SourceRange {
  const starts = lineStarts(text);
  return { start: position(starts, start), end: position(starts, end), offset: [start, end] };
}
