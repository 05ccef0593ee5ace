// State of the findings list: the cursor held together with the layout it was computed for.
import type { RowModel } from '../model/finding-rows.js';
import {
  INITIAL_LIST_STATE,
  reduceList,
  type ListAction,
  type ListLayout,
  type ListState,
} from './list-window.js';

/** The cursor and the rows it points into; a new layout (update, filter, resize) re-syncs it by key. */
export interface HeldList {
  list: ListState;
  layout: ListLayout;
}

/** Builds the layout the pure reducer needs from the row model and the visible height. */
export function layoutOf(model: RowModel, height: number): ListLayout {
  const { rows } = model;
  return {
    count: rows.length,
    height,
    selectable: (i) => rows[i]?.kind === 'finding',
    keyAt: (i) => rows[i]?.key ?? '',
    indexOfKey: (k) => model.indexOfKey.get(k),
  };
}

export function initialHeldList(layout: ListLayout): HeldList {
  return { list: reduceList(INITIAL_LIST_STATE, { type: 'first' }, layout), layout };
}

/** The held cursor moved onto `layout`: the same finding if it is still there, else the nearest row. */
export function syncHeldList(held: HeldList, layout: ListLayout): HeldList {
  if (held.layout === layout) return held;
  const list = reduceList(
    held.list,
    { type: 'sync', indexOfKey: (k) => layout.indexOfKey?.(k) },
    layout,
  );
  return { list, layout };
}

/** Applies a key's action on the current layout (after syncing to it). */
export function reduceHeldList(
  held: HeldList,
  action: Exclude<ListAction, { type: 'sync' }> | { type: 'layout'; layout: ListLayout },
): HeldList {
  if (action.type === 'layout') return syncHeldList(held, action.layout);
  return { list: reduceList(held.list, action, held.layout), layout: held.layout };
}

export type { ListState };
