// Input of the picker: arrows move, Enter picks, Esc cancels, typing searches.
import type { Key } from 'ink';
import { editLine } from '../filter-input/use-filter-input-state.js';
import type { PickerAction } from './use-namespace-picker-state.js';

export function namespacePickerKey(
  input: string,
  key: Partial<Key>,
  query: string,
): PickerAction | 'pick' | 'cancel' | undefined {
  if (key.upArrow) return { type: 'move', by: -1 };
  if (key.downArrow) return { type: 'move', by: 1 };
  if (key.pageUp) return { type: 'page', by: -1 };
  if (key.pageDown) return { type: 'page', by: 1 };
  const r = editLine(query, input, key);
  if (r.type === 'submit') return 'pick';
  if (r.type === 'cancel') return 'cancel';
  if (r.type === 'change') return { type: 'query', query: r.value };
  return undefined;
}
