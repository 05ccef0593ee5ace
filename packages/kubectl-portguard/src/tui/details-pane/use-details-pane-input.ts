// Input of the details pane: the list's movement keys scroll the text instead (Space pages too).
import type { Key } from 'ink';
import type { ScrollAction } from './use-details-pane-state.js';

export function detailsPaneKey(input: string, key: Partial<Key>): ScrollAction | undefined {
  if (key.upArrow || input === 'k') return { type: 'move', by: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', by: 1 };
  if (key.pageUp) return { type: 'page', by: -1 };
  if (key.pageDown || input === ' ') return { type: 'page', by: 1 };
  if (input === 'g' || key.home) return { type: 'first' };
  if (input === 'G' || key.end) return { type: 'last' };
  return undefined;
}
