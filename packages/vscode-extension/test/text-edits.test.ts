// minimalEdit and toTextEdits: the edges where core's offsets become LSP edits.
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { minimalEdit, toTextEdits } from '../src/service/text-edits.js';

describe('minimalEdit', () => {
  const cases: [string, string, string, ReturnType<typeof minimalEdit>][] = [
    ['same text', 'a: 1\n', 'a: 1\n', undefined],
    ['one character', 'a: 1\nb: 2\n', 'a: 1\nb: 3\n', { range: [8, 9], text: '3' }],
    ['an insertion', 'a\nc\n', 'a\nb\nc\n', { range: [2, 2], text: 'b\n' }],
    ['a deletion', 'a\nb\nc\n', 'a\nc\n', { range: [2, 4], text: '' }],
    ['never inside a CRLF', 'a\r\nb\r\n', 'a\r\nx\r\nb\r\n', { range: [3, 3], text: 'x\r\n' }],
    ['never inside a surrogate pair', 'x😀y', 'x😁y', { range: [1, 3], text: '😁' }],
  ];
  for (const [name, before, after, expected] of cases) {
    it(name, () => {
      const edit = minimalEdit(before, after);
      assert.deepEqual(edit, expected);
      if (edit)
        assert.equal(
          before.slice(0, edit.range[0]) + edit.text + before.slice(edit.range[1]),
          after,
        );
    });
  }
});

describe('toTextEdits', () => {
  it('converts offsets (shifted by a base) to positions, in order', () => {
    const doc = TextDocument.create('file:///a.yaml', 'yaml', 1, 'x\ny\nz\n');
    assert.deepEqual(
      toTextEdits(
        doc,
        [
          { range: [2, 3], text: 'Z' },
          { range: [0, 1], text: 'X' },
        ],
        2,
      ),
      [
        {
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } },
          newText: 'X',
        },
        {
          range: { start: { line: 2, character: 0 }, end: { line: 2, character: 1 } },
          newText: 'Z',
        },
      ],
    );
  });
});
