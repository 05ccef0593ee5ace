// Splits a YAML stream at its `---` lines into the spans of its documents, as `yaml` counts them.

/** A `---` line: the marker alone or followed by a space, a tab, a comment or content. */
export function isMarkerAt(text: string, i: number): boolean {
  if (text.charCodeAt(i) !== 45 || text.charCodeAt(i + 1) !== 45 || text.charCodeAt(i + 2) !== 45)
    return false;
  const c = text.charCodeAt(i + 3);
  return Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13;
}

/** Only blank lines and comments. */
const NOTHING = /^(?:[ \t\r]*(?:#[^\n]*)?\n)*[ \t\r]*(?:#[^\n]*)?$/;

/**
 * The start offset of every document: 0 and each `---` line, minus a leading stretch of
 * comments and blank lines before the first marker (`yaml` makes no document of it). A `---`
 * line always starts a document, even inside a block scalar or an unclosed quote.
 */
export function documentStarts(text: string): number[] {
  const markers: number[] = isMarkerAt(text, 0) ? [0] : [];
  for (let nl = text.indexOf('\n---'); nl >= 0; nl = text.indexOf('\n---', nl + 1)) {
    if (isMarkerAt(text, nl + 1)) markers.push(nl + 1);
  }
  if (markers.length === 0) return [0];
  if (markers[0] === 0 || NOTHING.test(text.slice(0, markers[0]))) return markers;
  return [0, ...markers];
}
