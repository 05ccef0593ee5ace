// Word wrapping for the table's message column.

/**
 * Splits `text` into lines of at most `width` characters, breaking at spaces; a word longer
 * than the width (a long URL, an IP list without spaces) is cut into width-sized pieces.
 * `firstWidth` leaves room on the first line for a prefix.
 * `wrapWords('a bb ccc', 4)` → `['a bb', 'ccc']`.
 */
export function wrapWords(text: string, width: number, firstWidth = width): string[] {
  const lines: string[] = [];
  const limit = () => Math.max(1, lines.length === 0 ? firstWidth : width);
  let line = '';
  for (const word of text.split(/ +/).filter((x) => x !== '')) {
    let rest = word;
    while (rest !== '') {
      if (line !== '' && line.length + 1 + rest.length <= limit()) {
        line += ` ${rest}`;
        rest = '';
      } else if (line !== '') {
        lines.push(line);
        line = '';
      } else {
        line = rest.slice(0, limit());
        rest = rest.slice(line.length);
      }
    }
  }
  lines.push(line);
  return lines;
}
