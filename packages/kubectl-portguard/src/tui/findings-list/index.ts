// The findings list widget: view, state, key map.
export {
  FindingsList,
  columnsFor,
  objectLabel,
  groupLabel,
  type FindingsListProps,
} from './findings-list.js';
export {
  layoutOf,
  initialHeldList,
  syncHeldList,
  reduceHeldList,
  type HeldList,
} from './use-findings-list-state.js';
export { findingsListKey } from './use-findings-list-input.js';
export {
  reduceList,
  INITIAL_LIST_STATE,
  type ListState,
  type ListAction,
  type ListLayout,
} from './list-window.js';
