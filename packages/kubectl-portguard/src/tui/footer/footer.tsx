// The footer: a status line (what `w` wrote, errors) above the always-visible main keys.
// Pragmas so JSX compiles the same when tsx runs from a folder without this tsconfig (bench, e2e).
/** @jsxRuntime automatic @jsxImportSource react */
import { Box, Text } from 'ink';
import { cut } from '../terminal/fit.js';
import { tint, useTheme } from '../theme.js';

export const FOOTER_HEIGHT = 2;

/** A message for the user after an action, e.g. `wrote ./portguard-fix-pod-team-a-web.yaml`. */
export interface StatusMessage {
  text: string;
  tone: 'info' | 'error';
}

export interface FooterProps {
  /** The keys of the current mode, e.g. `KEYS.list`. */
  readonly keys: string;
  readonly message?: StatusMessage;
  readonly width: number;
  /** Replaces the status line (the filter input while typing). */
  readonly children?: React.ReactNode;
}

/** Key hints per mode; the list's must fit 80 columns. */
export const KEYS = {
  list: '↑↓ move  ⏎ details  / filter  s severity  n namespace  w write  ? help  q quit',
  /** The list of a fleet view: `c` cycles the clusters. */
  fleet: '↑↓ move  ⏎ details  / filter  s severity  n ns  c cluster  w write  ? help  q',
  details: '↑↓ scroll  esc back  w write fix  ? help  q quit',
  filter: 'type to filter  ⏎ keep  esc clear',
  picker: '↑↓ move  ⏎ pick  type to search  esc cancel',
  help: 'esc or ? close  q quit',
} as const;

export function Footer({ keys, message, width, children }: FooterProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" height={FOOTER_HEIGHT}>
      {children ?? (
        <Text color={message?.tone === 'error' ? tint(theme, 'red') : tint(theme, 'green')}>
          {cut(message?.text ?? '', width) || ' '}
        </Text>
      )}
      <Text dimColor>{cut(keys, width)}</Text>
    </Box>
  );
}
