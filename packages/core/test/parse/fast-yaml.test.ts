// The fast reader reads what `yaml` reads, the same values and offsets, and gives up on the rest.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isScalar, LineCounter, parseAllDocuments, type Node } from 'yaml';
import { offsetsOf, type PathSegment } from '../../src/index.js';
import { readFast, type OffsetTable } from '../../src/parse/fast-yaml.js';
import { SpanSource } from '../../src/parse/scan-manifests.js';
import { yamlText } from '../helpers/yaml-arbitrary.js';

/** What `yaml` makes of a one-document text: its value, or undefined when it reports an error. */
function yamlValue(text: string): { value: unknown; node: Node | null } | 'error' | 'empty' {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs)) return 'empty';
  if (docs.length === 0) return 'empty';
  if (docs.length > 1 || docs.some((d) => d.errors.length || d.warnings.length)) return 'error';
  const node = docs[0].contents as Node | null;
  if (node === null || (isScalar(node) && node.value === null && !node.anchor && !node.tag))
    return 'empty';
  return { value: docs[0].toJS(), node };
}

/** Every path to a map key below `value`. */
function keyPaths(value: unknown, prefix: PathSegment[] = []): PathSegment[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keyPaths(v, [...prefix, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    [...prefix, k],
    ...keyPaths(v, [...prefix, k]),
  ]);
}

/** The fast reader agrees with `yaml` on `text`, or gives up; where it reads, its offsets agree too. */
function agrees(text: string): void {
  const fast = readFast(text, 0, text.length);
  if (fast === undefined) return;
  const want = yamlValue(text);
  if (fast.empty) {
    assert.equal(want, 'empty', `read as empty: ${JSON.stringify(text)}`);
    return;
  }
  assert.notEqual(want, 'error', `read what yaml refuses: ${JSON.stringify(text)}`);
  assert.notEqual(want, 'empty', `read what yaml finds empty: ${JSON.stringify(text)}`);
  const { value, node } = want as { value: unknown; node: Node };
  assert.deepStrictEqual(fast.value, value, JSON.stringify(text));
  const file = { file: 'x.yaml', text, lineCounter: new LineCounter() };
  const span = new SpanSource(file, 0, 0, text.length);
  const table: OffsetTable = new Map();
  readFast(text, 0, text.length, table);
  for (const path of keyPaths(value)) {
    const located = span.locate(path);
    if (located === undefined) continue;
    const byYaml = offsetsOf({ file, document: undefined as never, documentIndex: 0, node }, path);
    assert.deepEqual(located, byYaml, `${JSON.stringify(text)} at ${path.join('.')}`);
  }
}

const CASES: Array<{ name: string; text: string; reads: boolean }> = [
  {
    name: 'a block map with nested maps and sequences',
    text: 'a: 1\nb:\n  c: x\n  d:\n  - 1\n  - y: 2\n    z: [a, "b"]\n',
    reads: true,
  },
  { name: 'a sequence at the indentation of its key', text: 'a:\n- 1\n- 2\nb: c\n', reads: true },
  {
    name: 'comments everywhere',
    text: '# top\na: 1 # one\n  # deeper comment\nb:  # two\n  c: d\n# end\n',
    reads: true,
  },
  {
    name: 'literal and folded block scalars',
    text: 'a: |\n  line 1\n    more\n  hostPort: 80\nb: >-\n  folded\n  text\nc: x\n',
    reads: true,
  },
  {
    name: 'core-schema scalars',
    text: 'a: 0x1F\nb: 0o17\nc: -12\nd: 1.5\ne: .inf\nf: ~\ng: True\nh: "true"\ni: 1e3\nj: 010\n',
    reads: true,
  },
  { name: 'single-quoted with an escaped quote', text: "a: 'it''s'\n", reads: true },
  { name: 'a marker line with a comment', text: '--- # doc\na: 1\n', reads: true },
  { name: 'only comments', text: '# nothing\n\n', reads: true },
  { name: 'anchors and aliases', text: 'a: &x 1\nb: *x\n', reads: false },
  { name: 'a tag', text: 'a: !!str 1\n', reads: false },
  { name: 'a multi-line plain scalar', text: 'a: one\n  two\n', reads: false },
  { name: 'an escape in double quotes', text: 'a: "host\\u0050ort"\n', reads: false },
  { name: 'a duplicate key', text: 'a: 1\na: 2\n', reads: false },
  { name: 'a tab', text: 'a:\n\tb: 1\n', reads: false },
  { name: 'JSON over several lines', text: '{\n  "a": 1\n}\n', reads: false },
  { name: 'a nested compact mapping', text: 'a: b: c\n', reads: false },
  { name: 'a merge key', text: 'a:\n  <<: {b: 1}\n', reads: false },
  { name: 'a bad indentation', text: 'a:\n    b: 1\n  c: 2\n', reads: false },
  { name: 'CRLF line ends', text: 'a: 1\r\nb: 2\r\n', reads: false },
  { name: 'a scalar document', text: 'just text\n', reads: false },
];

describe('fast reader', () => {
  for (const c of CASES) {
    it(`${c.reads ? 'reads' : 'leaves to yaml'}: ${c.name}`, () => {
      assert.equal(readFast(c.text, 0, c.text.length) !== undefined, c.reads);
      agrees(c.text);
    });
  }

  it('agrees with yaml on generated YAML, or gives up; reads most of it', function () {
    this.timeout(300_000);
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(yamlText(), (text) => {
        runs++;
        if (readFast(text, 0, text.length)?.empty === false) read++;
        agrees(text);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 3000) },
    );
    assert.ok(read > runs / 4, `read only ${read} of ${runs}`);
  });

  it('agrees with yaml on generated YAML with one character changed, or gives up', function () {
    this.timeout(300_000);
    const mutated = fc
      .tuple(
        yamlText(),
        fc.nat(),
        fc.constantFrom('', ' ', ':', '#', '-', '"', "'", '\t', '\n', '{', ']', '&', '|', 'x'),
      )
      .map(([text, at, c]) => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + c + text.slice(i + (c === '' || at % 2 ? 1 : 0));
      });
    fc.assert(fc.property(mutated, agrees), { numRuns: Number(process.env.PROPERTY_RUNS ?? 3000) });
  });
});
