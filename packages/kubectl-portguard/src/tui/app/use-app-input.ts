// The one input handler of the app: splits bursts into keys and routes each by the current mode.
import { useInput, type Key } from 'ink';
import { detailsPaneKey, type ScrollAction } from '../details-pane/index.js';
import { editLine } from '../filter-input/index.js';
import { findingsListKey, type ListAction } from '../findings-list/index.js';
import { helpOverlayKey } from '../help-overlay/index.js';
import { namespacePickerKey, type PickerAction } from '../namespace-picker/index.js';
import type { AppAction, Mode } from './use-app-state.js';

/** What keys can do; every getter reads state as the previous key left it. */
export interface KeyRoutes {
  mode(): Mode;
  filterText(): string;
  pickerQuery(): string;
  /** The clusters of a fleet view, in order; empty for one cluster. */
  clusters(): readonly string[];
  app(action: AppAction): void;
  list(action: Exclude<ListAction, { type: 'sync' }>): void;
  details(action: ScrollAction): void;
  picker(action: PickerAction): void;
  openPicker(): void;
  pick(): void;
  openDetails(): void;
  write(): void;
  quit(): void;
}

/**
 * One key in one mode. The filter and the picker take every key while open (so `q` types a q);
 * elsewhere q quits, ? toggles help, Esc goes back, / s n c w act, and the rest moves.
 */
export function routeKey(input: string, key: Partial<Key>, r: KeyRoutes): void {
  const mode = r.mode();
  if (mode === 'filter') {
    const e = editLine(r.filterText(), input, key);
    if (e.type === 'change') r.app({ type: 'editFilter', text: e.value });
    else if (e.type === 'submit') r.app({ type: 'commitFilter' });
    else if (e.type === 'cancel') r.app({ type: 'cancelFilter' });
    return;
  }
  if (mode === 'picker') {
    const p = namespacePickerKey(input, key, r.pickerQuery());
    if (p === 'pick') r.pick();
    else if (p === 'cancel') r.app({ type: 'back' });
    else if (p) r.picker(p);
    return;
  }
  if (input === 'q' || (key.ctrl && input === 'c')) return r.quit();
  if (input === '?') return r.app({ type: 'toggleHelp' });
  if (mode === 'help') {
    if (helpOverlayKey(input, key) === 'close') r.app({ type: 'toggleHelp' });
    return;
  }
  if (key.escape) return r.app({ type: 'back' });
  if (input === '/') return r.app({ type: 'startFilter' });
  if (input === 's') return r.app({ type: 'cycleSeverity' });
  if (input === 'n') return r.openPicker();
  if (input === 'c') return r.app({ type: 'cycleCluster', clusters: r.clusters() });
  if (input === 'w') return r.write();
  if (mode === 'list') {
    if (key.return) return r.openDetails();
    const a = findingsListKey(input, key);
    if (a) r.list(a);
    return;
  }
  const d = detailsPaneKey(input, key);
  if (d) r.details(d);
}

const SPECIAL: Record<string, Partial<Key>> = {
  '\r': { return: true },
  '\n': { return: true },
  '\u007f': { delete: true },
  '\b': { backspace: true },
  '\t': { tab: true },
};

/**
 * A read of plain text is split into one key per character: `/web\rj` from tmux send-keys or a
 * paste acts as six keystrokes. Escape sequences and modified keys arrive alone and pass through.
 */
export function keysOf(input: string, key: Partial<Key>): Array<[string, Partial<Key>]> {
  // Two quick Escs reach Ink as one meta-Escape; they are two presses (cancel, then back).
  if (key.escape && key.meta)
    return [
      ['', { escape: true }],
      ['', { escape: true }],
    ];
  const chars = [...input];
  const special =
    key.ctrl ||
    key.meta ||
    key.escape ||
    key.upArrow ||
    key.downArrow ||
    key.pageUp ||
    key.pageDown ||
    key.return;
  if (chars.length <= 1 || special) return [[input, key]];
  return chars.map((ch): [string, Partial<Key>] => {
    if (SPECIAL[ch]) return [ch, SPECIAL[ch]];
    const code = ch.charCodeAt(0);
    if (code < 32) return [String.fromCharCode(code + 96), { ctrl: true }];
    return [ch, {}];
  });
}

export function useAppInput(routes: KeyRoutes): void {
  useInput((input, key) => {
    for (const [i, k] of keysOf(input, key)) routeKey(i, k, routes);
  });
}
