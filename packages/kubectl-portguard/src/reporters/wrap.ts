// Word wrapping for the table's message column.

/**
 * Splits `text` into lines of at most `width` characters, breaking at spaces; a word longer
 * than the width (a long URL, an IP list without spaces) is cut into width-sized pieces.
 * `wrapWords('a bb ccc', 4)` → `['a bb', 'ccc']`.
 */
export function wrapWords(text: string, width: number): string[] {
  const w = Math.max(1, width);
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/).filter((x) => x !== '')) {
    for (const piece of chunks(word, w)) {
      if (line === '') line = piece;
      else if (line.length + 1 + piece.length <= w) line += ` ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  lines.push(line);
  return lines;
}

function chunks(word: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < word.length; i += width) out.push(word.slice(i, i + width));
  return out;
}
