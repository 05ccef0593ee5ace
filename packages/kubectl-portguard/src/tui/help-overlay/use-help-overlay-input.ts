// Input of the help overlay: Esc closes it (`?` toggles it from the app's keys).
import type { Key } from 'ink';

export function helpOverlayKey(_input: string, key: Partial<Key>): 'close' | undefined {
  return key.escape ? 'close' : undefined;
}
