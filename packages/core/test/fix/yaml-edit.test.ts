// The text-edit helpers: removing pairs in every layout, inserting pairs, and the style they follow.
import assert from 'node:assert/strict';
import { parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { applyEdits, nodeAt, findPair } from '../../src/index.js';
import { detectStyle } from '../../src/fix/text-style.js';
import { insertPair, removePairs } from '../../src/fix/yaml-edit.js';

/** Removes the `keys` of the map at `path` of `text` and returns the new text (or null). */
function remove(text: string, path: (string | number)[], keys: string[]): string | null {
  const doc = parseDocument(text, { keepSourceTokens: true });
  const map = nodeAt(doc.contents as Node, path) as YAMLMap;
  const pairs = keys.map((k) => findPair(map, k)!) as Pair<Node, Node | null>[];
  const edits = removePairs(text, map, pairs);
  return edits ? applyEdits(text, edits).text : null;
}

const removals: Array<{
  name: string;
  text: string;
  path: (string | number)[];
  keys: string[];
  out: string | null;
}> = [
  {
    name: 'a block pair with its trailing comment; the comment line above stays',
    text: 'a: 1\n# about b\nb: 2 # gone\nc: 3\n',
    path: [],
    keys: ['b'],
    out: 'a: 1\n# about b\nc: 3\n',
  },
  {
    name: 'a block pair whose value is a block sequence, keeping a comment line inside it',
    text: 'a:\n  - 1\n  # keep\n  - 2\nb: 3\n',
    path: [],
    keys: ['a'],
    out: '  # keep\nb: 3\n',
  },
  {
    name: 'the first pair behind a dash: the next key moves up',
    text: 'p:\n  - h: 1 # gone\n    c: 2\n',
    path: ['p', 0],
    keys: ['h'],
    out: 'p:\n  - c: 2\n',
  },
  {
    name: 'the first pair behind a dash with a comment line before the next key',
    text: 'p:\n  - h: 1\n    # note\n    c: 2\n',
    path: ['p', 0],
    keys: ['h'],
    out: 'p:\n    # note\n  - c: 2\n',
  },
  {
    name: 'two pairs behind a dash at once',
    text: 'p:\n- h: 1\n  i: x\n  c: 2\n',
    path: ['p', 0],
    keys: ['h', 'i'],
    out: 'p:\n- c: 2\n',
  },
  {
    name: 'flow map, last pair',
    text: 'p: [{c: 80, h: 8080}]\n',
    path: ['p', 0],
    keys: ['h'],
    out: 'p: [{c: 80}]\n',
  },
  {
    name: 'flow map, first pair',
    text: 'p: {h: 1, c: 2}\n',
    path: ['p'],
    keys: ['h'],
    out: 'p: {c: 2}\n',
  },
  {
    name: 'flow map, middle pairs',
    text: 'p: {a: 1, h: 2, i: 3, c: 4}\n',
    path: ['p'],
    keys: ['h', 'i'],
    out: 'p: {a: 1, c: 4}\n',
  },
  {
    name: 'every pair of a block map leaves an empty map',
    text: 's:\n  x: 1\nt: 2\n',
    path: ['s'],
    keys: ['x'],
    out: 's:\n  {}\nt: 2\n',
  },
  {
    name: 'JSON, multi-line',
    text: '{\n  "a": 1,\n  "h": 2\n}\n',
    path: [],
    keys: ['h'],
    out: '{\n  "a": 1\n}\n',
  },
  {
    name: 'the last line of a file without a final newline takes the newline before it',
    text: 'a: 1\r\nb: 2',
    path: [],
    keys: ['b'],
    out: 'a: 1',
  },
  {
    name: 'CRLF line endings',
    text: 'a: 1\r\nb: 2\r\nc: 3\r\n',
    path: [],
    keys: ['b'],
    out: 'a: 1\r\nc: 3\r\n',
  },
];

describe('removePairs', () => {
  for (const c of removals) {
    it(c.name, () => {
      const out = remove(c.text, c.path, c.keys);
      assert.equal(out, c.out);
      if (out !== null) assert.deepEqual(parseDocument(out).errors, []);
    });
  }
});

describe('insertPair', () => {
  const cases: Array<{ name: string; text: string; path: string[]; after?: string; out: string }> =
    [
      {
        name: 'after a pair whose value is a block map, at the map indentation',
        text: 'spec:\n  sel:\n    a: 1\n  type: X\n',
        path: ['spec'],
        after: 'sel',
        out: 'spec:\n  sel:\n    a: 1\n  new: v\n  type: X\n',
      },
      {
        name: 'before the first pair',
        text: 'spec:\n    type: X\n',
        path: ['spec'],
        out: 'spec:\n    new: v\n    type: X\n',
      },
      {
        name: 'at the end of a file without a final newline',
        text: 'spec:\n  type: X',
        path: ['spec'],
        after: 'type',
        out: 'spec:\n  type: X\n  new: v\n',
      },
      {
        name: 'flow map on one line',
        text: 'spec: {type: X}\n',
        path: ['spec'],
        out: 'spec: {type: X, new: v}\n',
      },
      {
        name: 'empty flow map',
        text: 'spec: {}\n',
        path: ['spec'],
        out: 'spec: { new: v }\n',
      },
    ];
  for (const c of cases) {
    it(c.name, () => {
      const doc = parseDocument(c.text, { keepSourceTokens: true });
      const map = nodeAt(doc.contents as Node, c.path) as YAMLMap;
      const style = detectStyle(c.text, 'x.yaml', [doc]);
      const after = c.after ? (findPair(map, c.after) as Pair<Node, Node | null>) : undefined;
      const edit = insertPair(c.text, style, map, { block: ['new: v'], flow: 'new: v' }, { after });
      assert.ok(edit);
      assert.equal(applyEdits(c.text, [edit]).text, c.out);
    });
  }
});

describe('detectStyle', () => {
  const cases: Array<{ text: string; file: string; style: object }> = [
    {
      text: 'a:\n  b:\n    - c\n',
      file: 'x.yaml',
      style: { eol: '\n', indent: 2, indentSeq: true, json: false },
    },
    {
      text: 'a:\n    b:\n    - c\n',
      file: 'x.yaml',
      style: { eol: '\n', indent: 4, indentSeq: false, json: false },
    },
    {
      text: 'a:\r\n  b: 1\r\n',
      file: 'x.yml',
      style: { eol: '\r\n', indent: 2, indentSeq: true, json: false },
    },
    {
      text: '{"a": {"b": 1}}',
      file: 'x.json',
      style: { eol: '\n', indent: 2, indentSeq: true, json: true },
    },
    {
      text: '{"a": 1}',
      file: '<stdin>',
      style: { eol: '\n', indent: 2, indentSeq: true, json: true },
    },
  ];
  for (const c of cases) {
    it(JSON.stringify(c.text), () => {
      const doc = parseDocument(c.text, { keepSourceTokens: true });
      assert.deepEqual(detectStyle(c.text, c.file, [doc]), c.style);
    });
  }
});
