// The namespace/tenant picker widget: view, state reducer, key map, entries.
export { NamespacePicker, PICKER_CHROME, type NamespacePickerProps } from './namespace-picker.js';
export {
  reducePicker,
  INITIAL_PICKER_STATE,
  type PickerState,
  type PickerAction,
} from './use-namespace-picker-state.js';
export { namespacePickerKey } from './use-namespace-picker-input.js';
export { pickerEntries, searchEntries, type PickerEntry } from './picker-entries.js';
