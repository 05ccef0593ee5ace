// Input of the findings list: ↑/↓ j/k move, PgUp/PgDn page, g/G (and Home/End) jump.
import type { Key } from 'ink';
import type { ListAction } from './list-window.js';

/**
 * The list action for one key, or undefined when the key is not the list's. The app routes every
 * key through one `useInput` (see app/use-app-input.ts), so a burst of keys is handled in order.
 */
export function findingsListKey(
  input: string,
  key: Partial<Key>,
): Exclude<ListAction, { type: 'sync' }> | undefined {
  if (key.upArrow || input === 'k') return { type: 'move', by: -1 };
  if (key.downArrow || input === 'j') return { type: 'move', by: 1 };
  if (key.pageUp || (key.ctrl && input === 'b')) return { type: 'page', by: -1 };
  if (key.pageDown || (key.ctrl && input === 'f')) return { type: 'page', by: 1 };
  if (input === 'g' || key.home) return { type: 'first' };
  if (input === 'G' || key.end) return { type: 'last' };
  return undefined;
}
