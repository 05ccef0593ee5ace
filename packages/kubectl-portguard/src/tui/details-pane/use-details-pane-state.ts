// State of the details pane: the scroll offset over its lines.

export type ScrollAction =
  | { type: 'move'; by: number }
  | { type: 'page'; by: 1 | -1 }
  | { type: 'first' }
  | { type: 'last' };

/** Pure scroll arithmetic: the offset stays within [0, lines - height]. */
export function reduceScroll(
  offset: number,
  action: ScrollAction,
  lines: number,
  height: number,
): number {
  const max = Math.max(0, lines - height);
  const next =
    action.type === 'move'
      ? offset + action.by
      : action.type === 'page'
        ? offset + action.by * Math.max(1, height - 1)
        : action.type === 'first'
          ? 0
          : max;
  return Math.max(0, Math.min(max, next));
}

/** The offset to draw with: clamped again when the lines or the height shrank since the last key. */
export function visibleOffset(offset: number, lines: number, height: number): number {
  return reduceScroll(offset, { type: 'move', by: 0 }, lines, height);
}
