// Fixed-width cells for one-line rows: pad or cut with an ellipsis, so rows never wrap.

/** `fit('deployment', 6)` → `deplo…`; `fit('pod', 6)` → `pod   `. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text + ' '.repeat(width - text.length);
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/** Like fit but without padding: for the last cell of a row. */
export function cut(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}

/**
 * Word-wraps one paragraph to `width`, continuation lines indented by `indent` spaces; words
 * longer than a line are cut hard. `wrap('a b c', 3)` → `['a b', 'c']`.
 */
export function wrap(text: string, width: number, indent = 0): string[] {
  const w = Math.max(1, width);
  const pad = ' '.repeat(Math.min(indent, Math.max(0, w - 1)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const prefix = lines.length === 0 && line === '' ? '' : line === '' ? pad : '';
    const candidate = line === '' ? prefix + word : `${line} ${word}`;
    if (candidate.length <= w) {
      line = candidate;
      continue;
    }
    if (line !== '') lines.push(line);
    let rest = (lines.length === 0 ? '' : pad) + word;
    while (rest.length > w) {
      lines.push(rest.slice(0, w));
      rest = pad + rest.slice(w);
    }
    line = rest;
  }
  lines.push(line);
  return lines;
}
