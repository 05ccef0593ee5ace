// State of the filter input: line editing as a pure function of the text and one key.

/** The subset of Ink's Key that line editing looks at. */
export interface EditKey {
  return?: boolean;
  escape?: boolean;
  backspace?: boolean;
  delete?: boolean;
  ctrl?: boolean;
  meta?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  tab?: boolean;
}

export type EditResult =
  { type: 'change'; value: string } | { type: 'submit' } | { type: 'cancel' } | { type: 'ignore' };

/**
 * Enter submits, Esc cancels; Backspace (terminals send DEL, which Ink calls `delete`) removes a
 * character, Ctrl-U the whole line, Ctrl-W a word; printable input is appended.
 */
export function editLine(value: string, input: string, key: EditKey): EditResult {
  if (key.return) return { type: 'submit' };
  if (key.escape) return { type: 'cancel' };
  if (key.backspace || key.delete)
    return { type: 'change', value: [...value].slice(0, -1).join('') };
  if (key.ctrl && input === 'u') return { type: 'change', value: '' };
  if (key.ctrl && input === 'w') return { type: 'change', value: value.replace(/\S*\s*$/, '') };
  if (
    key.ctrl ||
    key.meta ||
    key.tab ||
    key.upArrow ||
    key.downArrow ||
    key.leftArrow ||
    key.rightArrow ||
    key.pageUp ||
    key.pageDown
  ) {
    return { type: 'ignore' };
  }
  // eslint-disable-next-line no-control-regex -- drops control characters a paste may carry
  const printable = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return printable ? { type: 'change', value: value + printable } : { type: 'ignore' };
}
