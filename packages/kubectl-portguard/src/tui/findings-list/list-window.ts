// Pure cursor and scroll arithmetic of the virtualised list: O(1) per key, whatever the row count.

/** Where the cursor is and which row is at the top of the window. */
export interface ListState {
  cursor: number;
  offset: number;
  /** Key of the selected row, to find it again when the rows change under it. */
  selectedKey?: string;
}

/** What the reducer needs to know about the rows without holding them. */
export interface ListLayout {
  count: number;
  /** Visible rows. */
  height: number;
  /** Group headers are shown but never selected. */
  selectable(index: number): boolean;
  keyAt(index: number): string;
  /** Where a key is now, for re-syncing after the rows changed. */
  indexOfKey?(key: string): number | undefined;
}

export type ListAction =
  | { type: 'move'; by: number }
  | { type: 'page'; by: 1 | -1 }
  | { type: 'first' }
  | { type: 'last' }
  /** The rows or the height changed: keep the same selected key if it is still there. */
  | { type: 'sync'; indexOfKey: (key: string) => number | undefined };

export const INITIAL_LIST_STATE: ListState = { cursor: 0, offset: 0 };

/**
 * Moves the cursor over selectable rows and scrolls the window just enough to keep it visible.
 * `move` by +1 from the last finding of a group skips the next group's header.
 */
export function reduceList(state: ListState, action: ListAction, layout: ListLayout): ListState {
  const { count, height } = layout;
  if (count === 0) return INITIAL_LIST_STATE;
  let target: number;
  switch (action.type) {
    case 'move':
      target = step(state.cursor, action.by, layout);
      break;
    case 'page':
      target = step(
        clamp(state.cursor + action.by * Math.max(1, height - 1), count),
        action.by > 0 ? 1 : -1,
        layout,
        true,
      );
      break;
    case 'first':
      target = nearest(0, 1, layout);
      break;
    case 'last':
      target = nearest(count - 1, -1, layout);
      break;
    case 'sync': {
      const found =
        state.selectedKey === undefined ? undefined : action.indexOfKey(state.selectedKey);
      target = found ?? nearest(clamp(state.cursor, count), -1, layout);
      break;
    }
  }
  const offset = scrollTo(target, state.offset, layout);
  return { cursor: target, offset, selectedKey: layout.keyAt(target) };
}

function clamp(i: number, count: number): number {
  return Math.max(0, Math.min(count - 1, i));
}

/** The nearest selectable row from `i` in direction `dir`, else in the other direction. */
function nearest(i: number, dir: 1 | -1, layout: ListLayout): number {
  for (let j = i; j >= 0 && j < layout.count; j += dir) if (layout.selectable(j)) return j;
  for (let j = i; j >= 0 && j < layout.count; j -= dir) if (layout.selectable(j)) return j;
  return clamp(i, layout.count);
}

/** `by` selectable rows from `from`; stops at the ends. With `landed`, `from` itself counts. */
function step(from: number, by: number, layout: ListLayout, landed = false): number {
  const dir: 1 | -1 = by >= 0 ? 1 : -1;
  if (landed) return nearest(from, dir, layout);
  let cur = from;
  for (let n = Math.abs(by); n > 0; n--) {
    let j = cur + dir;
    while (j >= 0 && j < layout.count && !layout.selectable(j)) j += dir;
    if (j < 0 || j >= layout.count) break;
    cur = j;
  }
  return cur;
}

/**
 * Keeps the cursor inside the window; when the cursor is the first finding of a group, the
 * group's header row is kept in view above it.
 */
function scrollTo(cursor: number, offset: number, layout: ListLayout): number {
  const { count, height } = layout;
  const h = Math.max(1, height);
  const top = cursor > 0 && !layout.selectable(cursor - 1) ? cursor - 1 : cursor;
  let o = offset;
  if (top < o) o = top;
  if (cursor >= o + h) o = cursor - h + 1;
  return Math.max(0, Math.min(o, Math.max(0, count - h)));
}
