// Maps a finding on `helm template` output back to its template file and, where written literally, its line.
import type { PathSegment } from '../types.js';
import { sameValue } from './locate-path.js';

const SOURCE_LINE = /^# Source: (.+?)\s*$/;

/**
 * The `# Source: chart/templates/x.yaml` comment Helm writes atop the document that holds
 * `offset`: the last one between the preceding `---` line (or the start) and `offset`.
 */
export function helmSourceAt(text: string, offset: number): string | undefined {
  const before = text.slice(0, offset).split('\n');
  for (let i = before.length - 1; i >= 0; i--) {
    const line = before[i].replace(/\r$/, '');
    const m = SOURCE_LINE.exec(line);
    if (m) return m[1];
    if (/^---(\s|$)/.test(line) && i < before.length - 1) return undefined;
  }
  return undefined;
}

/** Whether a text is Helm's rendered output: a `# Source:` comment starts one of its documents. */
export function isHelmOutput(text: string): boolean {
  return /^# Source: \S/m.test(text);
}

/**
 * `chart/templates/x.yaml` → `templates/x.yaml`, the path inside the chart (sub-charts keep
 * `charts/sub/`): Helm names the chart by Chart.yaml's `name`, which need not be its folder's.
 */
export function pathInChart(source: string): string {
  const i = source.indexOf('/');
  return i < 0 ? source : source.slice(i + 1);
}

interface KeyLine {
  key: string;
  /** Column of the key (0-based) and of its `- ` when the line opens a list item. */
  col: number;
  dash?: number;
  start: number;
  end: number;
  section: number;
  value: string;
}

const KEY_LINE = /^(\s*)((?:-\s+)*)("[^"]*"|'[^']*'|[^\s:{#'"-][^\s:#]*)\s*:(?:\s+(.*?))?\s*$/;

/**
 * Offsets of the line of a template where the finding's key is written literally
 * (`hostPort: {{ .Values.port }}`, `type: NodePort`) under the same chain of parent keys as the
 * finding's path; undefined when a helper or `toYaml` writes it. `ordinal` is the rendered
 * document's place among those of the same template, to pick the right `---` section.
 */
export function templateKeyOffsets(
  template: string,
  path: readonly PathSegment[],
  rendered: unknown,
  ordinal = 0,
): [number, number] | undefined {
  const keys = path.filter((s): s is string => typeof s === 'string');
  const last = keys.at(-1);
  if (!last) return undefined;
  const lines = keyLines(template);
  const sections = new Set(lines.map((l) => l.section)).size;
  const scored = lines
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.key === last)
    .map(({ l, i }) => {
      const chain = [...ancestors(lines, i), last];
      const exact = chain.length === keys.length && chain.every((k, j) => k === keys[j]);
      const suffix =
        chain.length >= 2 &&
        chain.length <= keys.length &&
        chain.every((k, j) => k === keys[keys.length - chain.length + j]);
      return { l, exact, suffix };
    })
    .filter((c) => c.exact || c.suffix);
  if (scored.length === 0) return undefined;
  const want = valueOf(rendered, path);
  const rank = (c: (typeof scored)[number]) =>
    (c.exact ? 4 : 0) +
    (sections > 1 && c.l.section === ordinal ? 2 : 0) +
    (sameValue(unquote(c.l.value), want) ? 1 : 0);
  const best = scored.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  return [best.l.start, best.l.end];
}

function keyLines(text: string): KeyLine[] {
  const out: KeyLine[] = [];
  let offset = 0;
  let section = 0;
  let seenContent = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (/^---(\s|$)/.test(line)) {
      if (seenContent) section++;
      seenContent = false;
    } else {
      const m = KEY_LINE.exec(line);
      if (m && !line.trimStart().startsWith('{{')) {
        const indent = m[1].length;
        const dashes = m[2];
        const key = m[3].replace(/^["']|["']$/g, '');
        const col = indent + dashes.length;
        const comment = (m[4] ?? '').replace(/\s+#.*$/, '');
        out.push({
          key,
          col,
          ...(dashes ? { dash: indent } : {}),
          start: offset + col,
          end: offset + line.replace(/\s+#[^'"]*$/, '').trimEnd().length,
          section,
          value: comment,
        });
        seenContent = true;
      } else if (line.trim() && !line.trimStart().startsWith('#')) seenContent = true;
    }
    offset += raw.length + 1;
  }
  return out;
}

/** The keys that `lines[i]` is nested under, outermost first, read off the indentation. */
function ancestors(lines: readonly KeyLine[], i: number): string[] {
  const out: string[] = [];
  let col = lines[i].dash ?? lines[i].col;
  const section = lines[i].section;
  for (let j = i - 1; j >= 0 && col > 0; j--) {
    const l = lines[j];
    if (l.section !== section) break;
    if (l.dash !== undefined && l.dash < col) {
      col = l.dash; // a list item that holds the line: its own key is a sibling, not a parent
      continue;
    }
    if (l.col < col) {
      out.unshift(l.key);
      col = l.col;
    }
  }
  return out;
}

function valueOf(value: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function unquote(v: string): string {
  return v.replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
}
