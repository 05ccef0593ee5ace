// Line editing of the filter and picker search, and the fixed-width cells rows are built from.
import assert from 'node:assert/strict';
import {
  editLine,
  type EditKey,
  type EditResult,
} from '../../src/tui/filter-input/use-filter-input-state.js';
import { cut, fit, wrap } from '../../src/tui/terminal/fit.js';

describe('tui: line editing', () => {
  const cases: Array<[string, string, string, EditKey, EditResult]> = [
    ['types a character', 'we', 'b', {}, { type: 'change', value: 'web' }],
    ['pastes several', '', 'team-a', {}, { type: 'change', value: 'team-a' }],
    [
      'backspace (Ink calls DEL "delete")',
      'web',
      '',
      { delete: true },
      { type: 'change', value: 'we' },
    ],
    ['backspace on empty', '', '', { backspace: true }, { type: 'change', value: '' }],
    ['Ctrl-U clears', 'web', 'u', { ctrl: true }, { type: 'change', value: '' }],
    ['Ctrl-W deletes a word', 'host port', 'w', { ctrl: true }, { type: 'change', value: 'host ' }],
    ['Enter submits', 'web', '', { return: true }, { type: 'submit' }],
    ['Esc cancels', 'web', '', { escape: true }, { type: 'cancel' }],
    ['arrows are ignored', 'web', '', { upArrow: true }, { type: 'ignore' }],
    ['control characters are dropped', 'a', '\u0007', {}, { type: 'ignore' }],
  ];
  for (const [name, value, input, key, want] of cases) {
    it(name, () => assert.deepEqual(editLine(value, input, key), want));
  }
});

describe('tui: cells', () => {
  const cases: Array<[string, string, number]> = [
    [fit('pod', 6), 'pod   ', 6],
    [fit('deployment', 6), 'deplo…', 6],
    [fit('x', 0), '', 0],
    [cut('deployment', 4), 'dep…', 4],
    [cut('pod', 6), 'pod', 3],
  ];
  for (const [got, want, len] of cases) {
    it(`"${want}"`, () => {
      assert.equal(got, want);
      assert.equal(got.length, len);
    });
  }

  it('wraps words, indents continuation lines, cuts words longer than a line', () => {
    assert.deepEqual(wrap('a b c', 3), ['a b', 'c']);
    assert.deepEqual(wrap('Exposure opens TCP 8080 on each node', 16, 2), [
      'Exposure opens',
      '  TCP 8080 on',
      '  each node',
    ]);
    assert.deepEqual(wrap('abcdefgh', 3), ['abc', 'def', 'gh']);
    assert.deepEqual(wrap('', 10), ['']);
  });
});
