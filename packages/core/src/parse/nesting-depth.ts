// Finds documents nested too deeply to parse safely, before the recursive YAML parser sees them.

/**
 * Deeper than this (block indentation plus open flow brackets) is refused. Real manifests stay
 * under 40; the parser's recursion exhausts the stack near 800, and near that limit V8 can abort
 * the whole process instead of throwing, so the check must come before parsing.
 */
export const MAX_NESTING = 300;

/** A document's text span [start, end) and the line (1-based) where it becomes too deep. */
export interface DeepDocument {
  start: number;
  end: number;
  line: number;
}

const NL = 10;
const SPACE = 32;
const HASH = 35;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const DASH = 45;

/**
 * The documents (split at `---` / `...` lines) whose nesting exceeds MAX_NESTING. A linear scan
 * that skips comments and quoted strings; it over-estimates at worst, never parses.
 */
export function tooDeepDocuments(text: string): DeepDocument[] {
  const out: DeepDocument[] = [];
  let docStart = 0;
  let flow = 0;
  let deepLine = 0;
  let line = 1;
  let i = 0;
  const n = text.length;
  const endDocument = (end: number) => {
    if (deepLine) out.push({ start: docStart, end, line: deepLine });
    docStart = end;
    flow = 0;
    deepLine = 0;
  };
  while (i < n) {
    // At a line start: a document marker, then the indentation and `- ` indicators.
    if (
      (text.startsWith('---', i) || text.startsWith('...', i)) &&
      (i + 3 >= n || text.charCodeAt(i + 3) <= SPACE)
    ) {
      endDocument(i);
    }
    let prefix = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === SPACE) prefix++;
      else if (c === DASH && i + 1 < n && text.charCodeAt(i + 1) === SPACE) prefix += 2;
      else break;
      i++;
    }
    if (!deepLine && prefix + flow > MAX_NESTING) deepLine = line;
    // The rest of the line.
    let quote = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === NL) break;
      if (quote) {
        if (c === BACKSLASH && quote === DQUOTE) i++;
        else if (c === quote) quote = 0;
      } else if (c === DQUOTE || c === SQUOTE) {
        const before = i === 0 ? SPACE : text.charCodeAt(i - 1);
        // A quote opens a string only where a scalar can start, not inside `it's`.
        if (before <= SPACE || before === 58 || before === 44 || before === 91 || before === 123)
          quote = c;
      } else if (c === HASH) {
        const before = i === 0 ? SPACE : text.charCodeAt(i - 1);
        if (before <= SPACE) {
          while (i < n && text.charCodeAt(i) !== NL) i++;
          break;
        }
      } else if (c === 91 || c === 123) {
        flow++;
        if (!deepLine && prefix + flow > MAX_NESTING) deepLine = line;
      } else if ((c === 93 || c === 125) && flow > 0) flow--;
      i++;
    }
    i++;
    line++;
  }
  endDocument(n);
  return out;
}

/** The text with the given spans blanked (newlines kept), so offsets and lines stay true. */
export function blankSpans(text: string, spans: readonly { start: number; end: number }[]): string {
  let out = '';
  let last = 0;
  for (const s of spans) {
    out += text.slice(last, s.start) + text.slice(s.start, s.end).replace(/[^\n]/g, ' ');
    last = s.end;
  }
  return out + text.slice(last);
}
