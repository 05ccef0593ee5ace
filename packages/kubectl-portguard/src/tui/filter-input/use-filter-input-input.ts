// Input of the filter input: while it is open every key goes to line editing (see editLine).
export { editLine as filterInputKey } from './use-filter-input-state.js';
