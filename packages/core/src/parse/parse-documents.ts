// Parses a YAML stream into documents, recovering the documents a broken one would swallow.
import { Composer, Parser, type Document, type LineCounter } from 'yaml';

/**
 * No `keepSourceTokens`: nothing reads the CST back (ranges and fixes use node offsets), and
 * keeping it for every node doubled the garbage collector's work in `pnpm bench core`.
 */
export const PARSE_OPTIONS = {
  uniqueKeys: true,
  prettyErrors: false,
} as const;

/** After this many recoveries in one file, the rest stays as the parser left it. */
const MAX_RECOVERIES = 20;

/** `---` or `...` at the start of a line: where a new document may begin. */
const MARKER = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;

/**
 * Parses `text[start, end)` with offsets into the whole text, so ranges stay file-relative.
 * `lineCounter` is fed only by the first, whole-text pass.
 */
export function parseSpan(
  text: string,
  start: number,
  end: number,
  lineCounter?: LineCounter,
): Document[] {
  const parser = new Parser(lineCounter?.addNewLine);
  parser.offset = start;
  const composer = new Composer(PARSE_OPTIONS);
  return Array.from(composer.compose(parser.parse(text.slice(start, end)))) as Document[];
}

function firstMarkerAfter(text: string, from: number, before: number): number | undefined {
  MARKER.lastIndex = from;
  const m = MARKER.exec(text);
  return m && m.index < before ? m.index : undefined;
}

/**
 * Every document of the stream. An unclosed quote runs past the next `---` in the YAML parser,
 * which would hide the valid documents after it: a broken document that spans a marker is cut
 * there, parsed on its own (so its error points into it), and parsing resumes at the marker.
 */
export function parseDocuments(text: string, lineCounter: LineCounter): Document[] {
  let docs = parseSpan(text, 0, text.length, lineCounter);
  let recoveries = 0;
  for (let i = 0; i < docs.length && recoveries < MAX_RECOVERIES; i++) {
    const doc = docs[i];
    if (doc.errors.length === 0 || !doc.range) continue;
    const [start, , end] = doc.range;
    // Skip the document's own leading marker line, if any.
    const ownMarker = firstMarkerAfter(text, start, start + 1) === start;
    const from = ownMarker ? text.indexOf('\n', start) + 1 || end : start;
    const cut = firstMarkerAfter(text, from, end);
    if (cut === undefined || cut <= from) continue;
    recoveries++;
    const head = parseSpan(text, start, cut);
    const tail = parseSpan(text, cut, text.length);
    docs = [...docs.slice(0, i), ...head, ...tail];
    i += head.length - 1;
  }
  return docs;
}
