// applyEdits: sorted application, overlap skipping, insertions, bounds.
import assert from 'node:assert/strict';
import { applyEdits, type TextEdit } from '../../src/index.js';

const cases: Array<{
  name: string;
  text: string;
  edits: TextEdit[];
  out: string;
  skipped: number;
}> = [
  { name: 'no edits', text: 'abc', edits: [], out: 'abc', skipped: 0 },
  {
    name: 'replace, given out of order',
    text: 'a: 1\nb: 2\n',
    edits: [
      { range: [8, 9], text: '3' },
      { range: [3, 4], text: '9' },
    ],
    out: 'a: 9\nb: 3\n',
    skipped: 0,
  },
  {
    name: 'overlapping edit is skipped',
    text: 'abcdef',
    edits: [
      { range: [1, 4], text: 'X' },
      { range: [3, 5], text: 'Y' },
    ],
    out: 'aXef',
    skipped: 1,
  },
  {
    name: 'adjacent edits both apply',
    text: 'abcdef',
    edits: [
      { range: [1, 3], text: 'X' },
      { range: [3, 5], text: 'Y' },
    ],
    out: 'aXYf',
    skipped: 0,
  },
  {
    name: 'two insertions at one offset keep their order',
    text: 'ab',
    edits: [
      { range: [1, 1], text: '1' },
      { range: [1, 1], text: '2' },
    ],
    out: 'a12b',
    skipped: 0,
  },
  {
    name: 'insertion before a deletion at the same offset',
    text: 'abc',
    edits: [
      { range: [1, 2], text: '' },
      { range: [1, 1], text: 'X' },
    ],
    out: 'aXc',
    skipped: 0,
  },
  {
    name: 'insertion inside a deletion is skipped',
    text: 'abcd',
    edits: [
      { range: [1, 3], text: '' },
      { range: [2, 2], text: 'X' },
    ],
    out: 'ad',
    skipped: 1,
  },
  {
    name: 'edit past the end or reversed is skipped',
    text: 'ab',
    edits: [
      { range: [1, 5], text: 'X' },
      { range: [2, 1], text: 'Y' },
    ],
    out: 'ab',
    skipped: 2,
  },
];

describe('applyEdits', () => {
  for (const c of cases) {
    it(c.name, () => {
      const result = applyEdits(c.text, c.edits);
      assert.equal(result.text, c.out);
      assert.equal(result.skipped.length, c.skipped);
    });
  }
});
