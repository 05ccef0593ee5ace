// State of the picker: the search text and the cursor over the matching entries, as a pure reducer.
import {
  INITIAL_LIST_STATE,
  reduceList,
  type ListAction,
  type ListLayout,
  type ListState,
} from '../findings-list/list-window.js';
import type { PickerEntry } from './picker-entries.js';

export interface PickerState {
  query: string;
  list: ListState;
}

export type PickerAction = { type: 'query'; query: string } | Exclude<ListAction, { type: 'sync' }>;

export const INITIAL_PICKER_STATE: PickerState = { query: '', list: INITIAL_LIST_STATE };

function layoutOf(entries: readonly PickerEntry[], height: number): ListLayout {
  return {
    count: entries.length,
    height,
    selectable: () => true,
    keyAt: (i) => entries[i]?.key ?? '',
  };
}

/** A new query puts the cursor back on the first match; moves work over the current matches. */
export function reducePicker(
  state: PickerState,
  action: PickerAction,
  matchesOf: (query: string) => readonly PickerEntry[],
  height: number,
): PickerState {
  if (action.type === 'query') return { query: action.query, list: INITIAL_LIST_STATE };
  return {
    ...state,
    list: reduceList(state.list, action, layoutOf(matchesOf(state.query), height)),
  };
}
