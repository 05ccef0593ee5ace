// The filter input widget: view, line-editing state and key map.
export { FilterInput, type FilterInputProps } from './filter-input.js';
export { editLine, type EditKey, type EditResult } from './use-filter-input-state.js';
export { filterInputKey } from './use-filter-input-input.js';
