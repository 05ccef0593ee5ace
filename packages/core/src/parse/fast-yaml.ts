// A fast reader for the plain block YAML that manifests are written in; it gives up on anything else.

/**
 * Where a map's key and value sit in the text, recorded only when asked (to place a finding).
 * `valueEnd` is undefined where `yaml` must say (block scalars, empty values).
 */
export interface PairOffsets {
  keyStart: number;
  keyEnd: number;
  valueEnd?: number;
  collection: boolean;
}

/** Pair offsets of every map of a document, by the map's value object and key. */
export type OffsetTable = Map<object, Map<string, PairOffsets>>;

/** Thrown (never escapes this module) when the text leaves the subset; `yaml` reads it instead. */
const GIVE_UP: unique symbol = Symbol('give up');

const NL = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKSLASH = 92;
const COMMA = 44;
const LBRACKET = 91;
const RBRACKET = 93;
const LBRACE = 123;
const RBRACE = 125;
const PIPE = 124;
const GT = 62;

const MAX_DEPTH = 64;
/** `yaml` refuses implicit keys longer than this. */
const MAX_KEY = 1024;

const NULL_RE = /^(?:~|[Nn]ull|NULL)$/;
const BOOL_RE = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCT_RE = /^0o[0-7]+$/;
const INT_RE = /^[-+]?[0-9]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const NAN_RE = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXP_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** A plain scalar's value under YAML 1.2's core schema, the same tests in the same order as `yaml`. */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  // Letters other than n, N, t, T, f, F start only strings.
  if (
    ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) &&
    c !== 110 &&
    c !== 78 &&
    c !== 116 &&
    c !== 84 &&
    c !== 102 &&
    c !== 70
  )
    return s;
  if (NULL_RE.test(s)) return null;
  if (BOOL_RE.test(s)) return c === 116 || c === 84;
  if (OCT_RE.test(s)) return parseInt(s.substring(2), 8);
  if (INT_RE.test(s)) return parseInt(s, 10);
  if (HEX_RE.test(s)) return parseInt(s.substring(2), 16);
  if (NAN_RE.test(s))
    return s.slice(-3).toLowerCase() === 'nan'
      ? NaN
      : s[0] === '-'
        ? Number.NEGATIVE_INFINITY
        : Number.POSITIVE_INFINITY;
  if (EXP_RE.test(s) || FLOAT_RE.test(s)) return parseFloat(s);
  return s;
}

/** A plain key the core schema reads as a string: `[A-Za-z_/][A-Za-z0-9_./-]*`, no null or boolean. */
function isPlainKey(k: string): boolean {
  const n = k.length;
  if (n === 0 || n > MAX_KEY) return false;
  const c0 = k.charCodeAt(0);
  if (!((c0 >= 97 && c0 <= 122) || (c0 >= 65 && c0 <= 90) || c0 === 95 || c0 === 47)) return false;
  for (let i = 1; i < n; i++) {
    const c = k.charCodeAt(i);
    if (!(
      (c >= 97 && c <= 122) ||
      (c >= 65 && c <= 90) ||
      (c >= 48 && c <= 57) ||
      c === 95 ||
      c === 46 ||
      c === 47 ||
      c === 45
    ))
      return false;
  }
  if (c0 === 110 || c0 === 78 || c0 === 116 || c0 === 84 || c0 === 102 || c0 === 70) {
    if (NULL_RE.test(k) || BOOL_RE.test(k)) return false;
  }
  return k !== '__proto__';
}

/** Characters that may not start a plain scalar (YAML's indicators), `-?:` aside. */
function isIndicator(c: number): boolean {
  return (
    c === HASH ||
    c === 38 /* & */ ||
    c === 42 /* * */ ||
    c === 33 /* ! */ ||
    c === PIPE ||
    c === GT ||
    c === SQUOTE ||
    c === DQUOTE ||
    c === 37 /* % */ ||
    c === 64 /* @ */ ||
    c === 96 /* ` */ ||
    c === COMMA ||
    c === LBRACKET ||
    c === RBRACKET ||
    c === LBRACE ||
    c === RBRACE
  );
}

/** Characters the reader refuses outside quoted and block scalars: controls, DEL, C1, BOM. */
function isOdd(c: number): boolean {
  return c < SPACE || (c >= 0x7f && c <= 0x9f) || c === 0xfeff;
}

class Reader {
  pos: number;
  /** Start of the line `pos` is on. */
  lineStart: number;
  /** Indentation of the content line `pos` stands at, or -1 at the end of the span. */
  indent = -1;
  depth = 0;

  constructor(
    readonly t: string,
    start: number,
    readonly end: number,
    readonly offsets: OffsetTable | undefined,
  ) {
    this.pos = start;
    this.lineStart = start;
  }

  /** From a line start: skips blank and comment-only lines, stops at the next content. */
  nextContent(): void {
    const t = this.t;
    const end = this.end;
    let p = this.pos;
    while (p < end) {
      const ls = p;
      while (p < end && t.charCodeAt(p) === SPACE) p++;
      if (p >= end) break;
      const c = t.charCodeAt(p);
      if (c === NL) {
        p++;
        continue;
      }
      if (c === HASH) {
        const nl = t.indexOf('\n', p);
        if (nl < 0 || nl >= end) {
          p = end;
          break;
        }
        p = nl + 1;
        continue;
      }
      if (c === TAB || c === CR) throw GIVE_UP;
      this.pos = p;
      this.lineStart = ls;
      this.indent = p - ls;
      return;
    }
    this.pos = end;
    this.lineStart = end;
    this.indent = -1;
  }

  /** After a value on a line: only spaces and a comment may follow; moves to the next line. */
  endLine(): void {
    const t = this.t;
    let p = this.pos;
    while (p < this.end && t.charCodeAt(p) === SPACE) p++;
    if (p < this.end) {
      const c = t.charCodeAt(p);
      if (c === HASH) {
        if (p === this.pos) throw GIVE_UP; // `#` glued to the value
        const nl = t.indexOf('\n', p);
        p = nl < 0 || nl >= this.end ? this.end : nl + 1;
      } else if (c === NL) p++;
      else throw GIVE_UP;
    }
    this.pos = p;
    this.lineStart = p;
  }

  /** True when a content line at `pos` is a sequence entry (`- ` or a lone `-`). */
  atDash(): boolean {
    const t = this.t;
    if (t.charCodeAt(this.pos) !== DASH) return false;
    const n = this.pos + 1 < this.end ? t.charCodeAt(this.pos + 1) : NL;
    return n === SPACE || n === NL;
  }

  document(): { value: unknown } | undefined {
    const t = this.t;
    if (t.startsWith('---', this.pos)) {
      this.pos += 3;
      this.endLine();
    }
    this.nextContent();
    if (this.indent < 0) return undefined;
    const value = this.blockNode(this.indent);
    if (this.indent >= 0) throw GIVE_UP;
    return { value };
  }

  /** A block collection starting at `pos` (column `col`); a bare scalar document is left to `yaml`. */
  blockNode(col: number): unknown {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    let v: unknown;
    if (this.atDash()) v = this.seq(col);
    else if (this.keyAhead()) v = this.map(col);
    else throw GIVE_UP;
    this.depth--;
    return v;
  }

  /** True when the content at `pos` is `key:` followed by a space or the line end. */
  keyAhead(): boolean {
    const t = this.t;
    const c = t.charCodeAt(this.pos);
    if (c === DQUOTE || c === SQUOTE) {
      const close = t.indexOf(c === DQUOTE ? '"' : "'", this.pos + 1);
      return close > 0 && t.charCodeAt(close + 1) === COLON;
    }
    let p = this.pos;
    const end = this.end;
    while (p < end) {
      const d = t.charCodeAt(p);
      if (d === NL || d === HASH) return false;
      if (d === COLON) {
        const n = p + 1 < end ? t.charCodeAt(p + 1) : NL;
        return n === SPACE || n === NL;
      }
      if (d === SPACE || d === TAB) return false;
      p++;
    }
    return false;
  }

  map(col: number): Record<string, unknown> {
    const t = this.t;
    const obj: Record<string, unknown> = {};
    const table = this.offsets ? new Map<string, PairOffsets>() : undefined;
    if (table) this.offsets!.set(obj, table);
    for (;;) {
      const keyStart = this.pos;
      let key: string;
      let keyEnd: number;
      const c = t.charCodeAt(keyStart);
      if (c === DQUOTE || c === SQUOTE) {
        key = this.quoted();
        keyEnd = this.pos;
        if (key === '__proto__' || key.length > MAX_KEY) throw GIVE_UP;
      } else {
        const colon = t.indexOf(':', keyStart);
        if (colon < 0 || colon >= this.end) throw GIVE_UP;
        key = t.slice(keyStart, colon);
        keyEnd = colon;
        this.pos = colon;
        if (!isPlainKey(key)) throw GIVE_UP;
      }
      if (t.charCodeAt(this.pos) !== COLON) throw GIVE_UP;
      this.pos++;
      const after = this.pos < this.end ? t.charCodeAt(this.pos) : NL;
      if (after !== SPACE && after !== NL) throw GIVE_UP;
      if (obj[key] !== undefined && Object.hasOwn(obj, key)) throw GIVE_UP;
      const at: PairOffsets | undefined = table
        ? { keyStart, keyEnd, collection: false }
        : undefined;
      obj[key] = this.value(col, at, true);
      if (table) table.set(key, at!);
      if (this.indent !== col) {
        if (this.indent > col) throw GIVE_UP;
        return obj;
      }
      if (this.atDash()) throw GIVE_UP;
    }
  }

  seq(col: number): unknown[] {
    const arr: unknown[] = [];
    for (;;) {
      // `pos` at the dash.
      this.pos++;
      arr.push(this.value(col, undefined, false));
      if (this.indent !== col) {
        if (this.indent > col) throw GIVE_UP;
        return arr;
      }
      if (!this.atDash()) return arr;
    }
  }

  /**
   * The value after `key:` or `-` (`pos` just past the indicator), for a collection at column
   * `col`. Leaves `pos` at the next content line, with `indent` set.
   */
  value(col: number, at: PairOffsets | undefined, inMap: boolean): unknown {
    const t = this.t;
    let p = this.pos;
    while (p < this.end && t.charCodeAt(p) === SPACE) p++;
    const c = p < this.end ? t.charCodeAt(p) : NL;
    if (c === NL || c === HASH) {
      if (c === HASH && p === this.pos) throw GIVE_UP;
      this.endLine();
      this.nextContent();
      if (this.indent > col) {
        if (at) at.collection = true;
        return this.blockNode(this.indent);
      }
      // A map's sequence may sit at the map's own indentation.
      if (inMap && this.indent === col && this.atDash()) {
        if (at) at.collection = true;
        return this.blockNode(col);
      }
      return null;
    }
    if (p === this.pos && !inMap) throw GIVE_UP; // `-x` is no entry
    this.pos = p;
    if (!inMap) {
      // Compact forms after `- `: a nested sequence or map starting on the same line.
      const here = p - this.lineStart;
      if (this.atDash()) {
        if (++this.depth > MAX_DEPTH) throw GIVE_UP;
        const v = this.seq(here);
        this.depth--;
        return v;
      }
      if (this.keyAhead()) {
        if (++this.depth > MAX_DEPTH) throw GIVE_UP;
        const v = this.map(here);
        this.depth--;
        return v;
      }
    }
    let v: unknown;
    if (c === PIPE || c === GT) return this.blockScalar(col);
    if (c === LBRACE || c === LBRACKET) {
      v = this.flow();
      if (at) at.collection = true;
    } else if (c === DQUOTE || c === SQUOTE) {
      v = this.quoted();
      if (at) at.valueEnd = this.pos;
    } else {
      const { text, end } = this.plainBlock();
      v = resolvePlain(text);
      if (at) at.valueEnd = end;
    }
    this.endLine();
    this.nextContent();
    // A deeper line after a scalar continues it (a multi-line scalar): left to `yaml`.
    if (this.indent > col) throw GIVE_UP;
    return v;
  }

  /** A one-line plain scalar in block context; `pos` ends after it (before spaces or a comment). */
  plainBlock(): { text: string; end: number } {
    const t = this.t;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (isIndicator(c)) throw GIVE_UP;
    if (c === 63 /* ? */ || c === COLON) throw GIVE_UP;
    if (c === DASH) {
      const n = start + 1 < this.end ? t.charCodeAt(start + 1) : NL;
      if (n === SPACE || n === NL) throw GIVE_UP;
    }
    let p = start;
    let last = start; // end of the last non-space character
    while (p < this.end) {
      const d = t.charCodeAt(p);
      if (d === NL) break;
      if (d === SPACE) {
        const n = p + 1 < this.end ? t.charCodeAt(p + 1) : NL;
        if (n === HASH) break;
        p++;
        continue;
      }
      if (d === COLON) {
        const n = p + 1 < this.end ? t.charCodeAt(p + 1) : NL;
        if (n === SPACE || n === NL) throw GIVE_UP;
      } else if (isOdd(d)) throw GIVE_UP;
      p++;
      last = p;
    }
    this.pos = last;
    return { text: t.slice(start, last), end: last };
  }

  /** A one-line quoted scalar without escapes; `pos` ends after the closing quote. */
  quoted(): string {
    const t = this.t;
    const q = t.charCodeAt(this.pos);
    let p = this.pos + 1;
    const start = p;
    if (q === DQUOTE) {
      for (;;) {
        if (p >= this.end) throw GIVE_UP;
        const d = t.charCodeAt(p);
        if (d === DQUOTE) break;
        if (d === BACKSLASH || d === NL || d === CR) throw GIVE_UP;
        p++;
      }
      this.pos = p + 1;
      return t.slice(start, p);
    }
    let out = '';
    let from = start;
    for (;;) {
      if (p >= this.end) throw GIVE_UP;
      const d = t.charCodeAt(p);
      if (d === NL || d === CR) throw GIVE_UP;
      if (d === SQUOTE) {
        if (p + 1 < this.end && t.charCodeAt(p + 1) === SQUOTE) {
          out += t.slice(from, p + 1);
          p += 2;
          from = p;
          continue;
        }
        break;
      }
      p++;
    }
    this.pos = p + 1;
    return out + t.slice(from, p);
  }

  /** A flow collection on one line (`{a: b}`, `["x", 1]`); `pos` ends after its bracket. */
  flow(): unknown {
    if (++this.depth > MAX_DEPTH) throw GIVE_UP;
    const t = this.t;
    const open = t.charCodeAt(this.pos);
    this.pos++;
    this.spaces();
    let out: unknown;
    if (open === LBRACE) {
      const obj: Record<string, unknown> = {};
      const table = this.offsets ? new Map<string, PairOffsets>() : undefined;
      if (table) this.offsets!.set(obj, table);
      if (t.charCodeAt(this.pos) === RBRACE) this.pos++;
      else
        for (;;) {
          const keyStart = this.pos;
          const c = t.charCodeAt(keyStart);
          let key: string;
          if (c === DQUOTE || c === SQUOTE) {
            key = this.quoted();
            if (key === '__proto__' || key.length > MAX_KEY) throw GIVE_UP;
          } else {
            key = this.plainFlow();
            if (!isPlainKey(key)) throw GIVE_UP;
          }
          const keyEnd = this.pos;
          this.spaces();
          if (t.charCodeAt(this.pos) !== COLON) throw GIVE_UP;
          this.pos++;
          if (t.charCodeAt(this.pos) !== SPACE) throw GIVE_UP;
          this.spaces();
          if (obj[key] !== undefined && Object.hasOwn(obj, key)) throw GIVE_UP;
          const at: PairOffsets | undefined = table
            ? { keyStart, keyEnd, collection: false }
            : undefined;
          obj[key] = this.flowValue(at);
          if (table) table.set(key, at!);
          this.spaces();
          const d = t.charCodeAt(this.pos);
          this.pos++;
          if (d === RBRACE) break;
          if (d !== COMMA) throw GIVE_UP;
          this.spaces();
          if (t.charCodeAt(this.pos) === RBRACE) throw GIVE_UP;
        }
      out = obj;
    } else {
      const arr: unknown[] = [];
      if (t.charCodeAt(this.pos) === RBRACKET) this.pos++;
      else
        for (;;) {
          arr.push(this.flowValue(undefined));
          this.spaces();
          const d = t.charCodeAt(this.pos);
          this.pos++;
          if (d === RBRACKET) break;
          if (d !== COMMA) throw GIVE_UP;
          this.spaces();
          if (t.charCodeAt(this.pos) === RBRACKET) throw GIVE_UP;
        }
      out = arr;
    }
    if (this.pos > this.end) throw GIVE_UP;
    this.depth--;
    return out;
  }

  flowValue(at: PairOffsets | undefined): unknown {
    const c = this.t.charCodeAt(this.pos);
    if (c === LBRACE || c === LBRACKET) {
      if (at) at.collection = true;
      return this.flow();
    }
    if (c === DQUOTE || c === SQUOTE) {
      const v = this.quoted();
      if (at) at.valueEnd = this.pos;
      return v;
    }
    const text = this.plainFlow();
    if (at) at.valueEnd = this.pos;
    return resolvePlain(text);
  }

  /** A plain scalar inside a flow collection, without `:` or spaces (else `yaml` reads it). */
  plainFlow(): string {
    const t = this.t;
    const start = this.pos;
    const c = t.charCodeAt(start);
    if (isIndicator(c) || c === 63 /* ? */ || c === COLON) throw GIVE_UP;
    let p = start;
    if (c === DASH) {
      const n = t.charCodeAt(start + 1);
      if (n === SPACE || n === COMMA || n === RBRACKET || n === RBRACE) throw GIVE_UP;
    }
    while (p < this.end) {
      const d = t.charCodeAt(p);
      if (d === COMMA || d === RBRACE || d === RBRACKET || d === COLON || d === SPACE) break;
      if (d === LBRACE || d === LBRACKET || d === HASH || isOdd(d)) throw GIVE_UP;
      p++;
    }
    if (p === start || p >= this.end) throw GIVE_UP;
    this.pos = p;
    return t.slice(start, p);
  }

  spaces(): void {
    while (this.pos < this.end && this.t.charCodeAt(this.pos) === SPACE) this.pos++;
  }

  /**
   * `|`, `|-`, `>` and `>-` with content lines indented past `col`. Keep chomping, indentation
   * indicators, leading blank lines and folded text with blank or deeper lines are left to `yaml`.
   */
  blockScalar(col: number): string {
    const t = this.t;
    const folded = t.charCodeAt(this.pos) === GT;
    this.pos++;
    let strip = false;
    const m = t.charCodeAt(this.pos);
    if (m === DASH) {
      strip = true;
      this.pos++;
    } else if (m !== SPACE && m !== NL && m !== HASH) throw GIVE_UP;
    this.endLine();
    const lines: string[] = [];
    let indent = -1;
    let pendingEmpty = 0;
    let p = this.pos;
    while (p < this.end) {
      let q = p;
      while (q < this.end && t.charCodeAt(q) === SPACE) q++;
      const sp = q - p;
      if (q >= this.end) break; // trailing spaces at the end of the span
      if (t.charCodeAt(q) === NL) {
        // A blank line.
        if (indent < 0 || sp > indent) throw GIVE_UP;
        pendingEmpty++;
        p = q + 1;
        continue;
      }
      if (indent < 0) {
        if (sp <= col) throw GIVE_UP;
        indent = sp;
      }
      if (sp < indent) break;
      const nl = t.indexOf('\n', q);
      if (nl < 0 || nl >= this.end) throw GIVE_UP; // the last line must end with a newline
      if (t.charCodeAt(nl - 1) === CR) throw GIVE_UP;
      for (let k = q; k < nl; k++) {
        const d = t.charCodeAt(k);
        if (d < SPACE && d !== TAB) throw GIVE_UP;
      }
      if (folded && (sp > indent || pendingEmpty > 0 || t.charCodeAt(q) === TAB)) throw GIVE_UP;
      for (; pendingEmpty > 0; pendingEmpty--) lines.push('');
      lines.push(t.slice(p + indent, nl));
      p = nl + 1;
    }
    if (indent < 0) throw GIVE_UP;
    this.pos = p;
    this.lineStart = p;
    this.nextContent();
    if (this.indent > col) throw GIVE_UP;
    const body = lines.join(folded ? ' ' : '\n');
    return strip ? body : body + '\n';
  }
}

/** A document's value when the fast reader can read it, else `undefined` (then `yaml` must). */
export interface FastDocument {
  /** `undefined` for an empty document (only comments or nothing). */
  value: unknown;
  empty: boolean;
}

/**
 * Reads the document `text[start, end)` (which may open with its `---` line) if it keeps to
 * block maps and sequences, one-line flow collections, one-line plain and quoted scalars without
 * escapes, and literal/folded block scalars. Returns undefined for anything else (anchors,
 * aliases, tags, multi-line scalars, escapes, tabs, duplicate keys, JSON spread over lines…):
 * the caller parses those with `yaml`, which also reports their errors.
 */
export function readFast(
  text: string,
  start: number,
  end: number,
  offsets?: OffsetTable,
): FastDocument | undefined {
  try {
    const doc = new Reader(text, start, end, offsets).document();
    return doc ? { value: doc.value, empty: false } : { value: undefined, empty: true };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    throw e;
  }
}
