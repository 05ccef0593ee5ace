// The one fixer: applies offset edits to the original text in order, skipping overlapping ones.
import type { TextEdit } from './types.js';

/**
 * Applies `edits` (offsets into `text`) sorted by position. An edit that overlaps one already
 * applied is skipped and returned in `skipped`, as ESLint's source-code-fixer does, so two fixes
 * can never garble each other. Insertions at the same offset are applied in the order given.
 *
 * @example applyEdits('a: 1\n', [{ range: [3, 4], text: '2' }]).text === 'a: 2\n'
 */
export function applyEdits(
  text: string,
  edits: readonly TextEdit[],
): { text: string; skipped: TextEdit[] } {
  const order = edits
    .map((edit, index) => ({ edit, index }))
    .sort(
      (a, b) =>
        a.edit.range[0] - b.edit.range[0] || a.edit.range[1] - b.edit.range[1] || a.index - b.index,
    );
  const skipped: TextEdit[] = [];
  let out = '';
  let last = 0;
  for (const { edit } of order) {
    const [start, end] = edit.range;
    if (start < last || end < start || end > text.length) {
      skipped.push(edit);
      continue;
    }
    out += text.slice(last, start) + edit.text;
    last = end;
  }
  return { text: out + text.slice(last), skipped };
}
