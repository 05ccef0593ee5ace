// The virtualised list's cursor and scroll arithmetic, over rows with group headers.
import assert from 'node:assert/strict';
import {
  INITIAL_LIST_STATE,
  reduceList,
  type ListAction,
  type ListLayout,
  type ListState,
} from '../../src/tui/findings-list/list-window.js';

/** `H` is a group header, `f` a finding: 'HffHfffHf' is 9 rows. */
function layout(shape: string, height: number): ListLayout {
  return {
    count: shape.length,
    height,
    selectable: (i) => shape[i] === 'f',
    keyAt: (i) => `k${i}`,
  };
}

function run(
  shape: string,
  height: number,
  actions: ListAction[],
  from: ListState = INITIAL_LIST_STATE,
): ListState {
  const l = layout(shape, height);
  let s = reduceList(from, { type: 'first' }, l);
  for (const a of actions) s = reduceList(s, a, l);
  return s;
}

describe('tui: list window', () => {
  const shape = 'HffHfffHfHff'; // 12 rows, findings at 1,2,4,5,6,8,10,11
  const cases: Array<{
    name: string;
    actions: ListAction[];
    height?: number;
    cursor: number;
    offset: number;
  }> = [
    { name: 'starts on the first finding, header in view', actions: [], cursor: 1, offset: 0 },
    {
      name: 'down skips a group header',
      actions: [
        { type: 'move', by: 1 },
        { type: 'move', by: 1 },
      ],
      cursor: 4,
      offset: 0,
    },
    {
      name: 'up from the first finding stays',
      actions: [{ type: 'move', by: -1 }],
      cursor: 1,
      offset: 0,
    },
    {
      name: 'down past the end stays on the last',
      actions: Array(20).fill({ type: 'move', by: 1 }),
      cursor: 11,
      offset: 7,
    },
    {
      name: 'G jumps to the last, window at the bottom',
      actions: [{ type: 'last' }],
      cursor: 11,
      offset: 7,
    },
    {
      name: 'g jumps back to the top',
      actions: [{ type: 'last' }, { type: 'first' }],
      cursor: 1,
      offset: 0,
    },
    {
      name: 'scrolling down keeps the cursor on the last visible row',
      actions: Array(4).fill({ type: 'move', by: 1 }),
      cursor: 6,
      offset: 2,
    },
    {
      name: 'the first finding of a group brings its header into view',
      actions: [{ type: 'last' }, ...Array(5).fill({ type: 'move', by: -1 })],
      cursor: 4,
      offset: 3,
    },
    {
      name: 'PgDn moves a page less one row',
      actions: [{ type: 'page', by: 1 }],
      cursor: 5,
      offset: 1,
    },
    {
      name: 'PgDn twice, then PgUp',
      actions: [
        { type: 'page', by: 1 },
        { type: 'page', by: 1 },
        { type: 'page', by: -1 },
      ],
      cursor: 6,
      offset: 6,
    },
    {
      name: 'PgDn at the end lands on the last finding',
      actions: Array(5).fill({ type: 'page', by: 1 }),
      cursor: 11,
      offset: 7,
    },
    {
      name: 'PgUp landing on a header takes the finding above',
      actions: [{ type: 'last' }, { type: 'page', by: -1 }],
      cursor: 6,
      offset: 6,
    },
    {
      name: 'a window of one row',
      height: 1,
      actions: [{ type: 'move', by: 2 }],
      cursor: 4,
      offset: 4,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = run(shape, c.height ?? 5, c.actions);
      assert.deepEqual(
        { cursor: s.cursor, offset: s.offset },
        { cursor: c.cursor, offset: c.offset },
      );
      assert.equal(s.selectedKey, `k${c.cursor}`);
    });
  }

  it('an empty list has its cursor at 0', () => {
    assert.deepEqual(
      reduceList({ cursor: 3, offset: 2 }, { type: 'move', by: 1 }, layout('', 5)),
      INITIAL_LIST_STATE,
    );
  });

  it('sync follows the selected key to its new index (a live update inserted rows above)', () => {
    const before = run(shape, 5, [{ type: 'move', by: 3 }]);
    assert.equal(before.selectedKey, 'k5');
    const after = reduceList(
      before,
      { type: 'sync', indexOfKey: (k) => (k === 'k5' ? 9 : undefined) },
      layout('HffHfffHffHf', 5),
    );
    assert.deepEqual(after, { cursor: 9, offset: 5, selectedKey: 'k9' });
  });

  it('sync keeps the position when the selected finding is gone, moving off a header', () => {
    const before = run(shape, 5, [{ type: 'move', by: 2 }]);
    const after = reduceList(
      before,
      { type: 'sync', indexOfKey: () => undefined },
      layout('HffHf', 5),
    );
    assert.equal(after.cursor, 4);
    const shrunk = reduceList(
      before,
      { type: 'sync', indexOfKey: () => undefined },
      layout('Hf', 5),
    );
    assert.equal(shrunk.cursor, 1);
  });

  it('sync after a resize keeps the cursor visible', () => {
    const before = run(shape, 10, [{ type: 'last' }]);
    const after = reduceList(before, { type: 'sync', indexOfKey: () => 11 }, layout(shape, 3));
    assert.deepEqual({ cursor: after.cursor, offset: after.offset }, { cursor: 11, offset: 9 });
  });
});
