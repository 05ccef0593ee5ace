// Converts core's offset edits into LSP TextEdits, at the edge as STYLE.md 4 asks.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';

/** An edit as core emits it: offsets [start, end) into the text it was computed on. */
export interface OffsetEdit {
  range: [number, number];
  text: string;
}

/** Core edits of a segment starting at `base` → LSP edits of `doc`, in order. */
export function toTextEdits(doc: TextDocument, edits: readonly OffsetEdit[], base = 0): TextEdit[] {
  return [...edits]
    .sort((a, b) => a.range[0] - b.range[0] || a.range[1] - b.range[1])
    .map((e) => ({
      range: { start: doc.positionAt(base + e.range[0]), end: doc.positionAt(base + e.range[1]) },
      newText: e.text,
    }));
}

/**
 * One edit turning `before` into `after`: the span between their common prefix and suffix.
 * Used where several fixes combine, so the client gets one edit that cannot overlap itself.
 * @example minimalEdit('a: 1\nb: 2\n', 'a: 1\nb: 3\n') → { range: [8, 9], text: '3' }
 */
export function minimalEdit(before: string, after: string): OffsetEdit | undefined {
  if (before === after) return undefined;
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  // Never split a CRLF or a surrogate pair: positionAt cannot point between their halves.
  while (p > 0 && splits(before, p)) p--;
  let s = 0;
  while (
    s < max - p &&
    before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)
  )
    s++;
  while (s > 0 && splits(before, before.length - s)) s--;
  return { range: [p, before.length - s], text: after.slice(p, after.length - s) };
}

function splits(text: string, at: number): boolean {
  const prev = text.charCodeAt(at - 1);
  return prev === 13 || (prev >= 0xd800 && prev <= 0xdbff);
}
