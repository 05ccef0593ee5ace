// The help overlay: every key, what it does, and what the colours mean.
// Pragmas so JSX compiles the same when tsx runs from a folder without this tsconfig (bench, e2e).
/** @jsxRuntime automatic @jsxImportSource react */
import { Box, Text } from 'ink';
import { cut } from '../terminal/fit.js';
import { tint, useTheme } from '../theme.js';

export interface HelpOverlayProps {
  readonly height: number;
  readonly width: number;
}

export const HELP_LINES: ReadonlyArray<readonly [string, string]> = [
  ['↑/↓, j/k', 'move the selection (scroll in details)'],
  ['PgUp/PgDn', 'move a page'],
  ['g / G', 'jump to the first / last finding'],
  ['Enter', 'open the details of the selected finding'],
  ['Esc', 'go back (close details, help, picker; clear a filter being typed)'],
  ['/', 'filter by text: rule, object, namespace, tenant, message'],
  ['s', 'cycle the minimum severity: info → low → medium → high'],
  ['n', 'pick a namespace or tenant to show'],
  ['c', 'several clusters: show the next one (then all of them again)'],
  ['w', 'write the selected remediation to ./portguard-fix-<kind>-<ns>-<name>.yaml'],
  ['?', 'show or hide this help'],
  ['q', 'quit'],
];

export function HelpOverlay({ height, width }: HelpOverlayProps) {
  const theme = useTheme();
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold color={tint(theme, 'blue')}>
        Keys
      </Text>
      {HELP_LINES.map(([k, what]) => (
        <Text key={k}>{cut(`  ${k.padEnd(12)}${what}`, width)}</Text>
      ))}
      <Text> </Text>
      <Text dimColor>
        {cut(
          'The list updates live while the cluster changes; a red banner shows while the watch is down.',
          width,
        )}
      </Text>
    </Box>
  );
}
