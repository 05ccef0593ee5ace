// The namespace/tenant picker view: a search line and a window of matching entries.
// Pragmas so JSX compiles the same when tsx runs from a folder without this tsconfig (bench, e2e).
/** @jsxRuntime automatic @jsxImportSource react */
import { Box, Text } from 'ink';
import { cut, fit } from '../terminal/fit.js';
import { tint, useTheme } from '../theme.js';
import type { PickerEntry } from './picker-entries.js';

export interface NamespacePickerProps {
  readonly query: string;
  readonly matches: readonly PickerEntry[];
  readonly cursor: number;
  readonly offset: number;
  /** Rows for the whole picker, the title and search line included. */
  readonly height: number;
  readonly width: number;
  /** The key of the scope in force, marked with `*`. */
  readonly currentKey: string;
}

export const PICKER_CHROME = 2;

export function NamespacePicker(props: NamespacePickerProps) {
  const { query, matches, cursor, offset, height, width, currentKey } = props;
  const theme = useTheme();
  const rows = Math.max(1, height - PICKER_CHROME);
  const visible = matches.slice(offset, offset + rows);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text bold color={tint(theme, 'blue')}>
        {cut(
          `Pick a namespace or tenant (${matches.length} match${matches.length === 1 ? '' : 'es'})`,
          width,
        )}
      </Text>
      <Text>
        {'search: '}
        {cut(query, Math.max(0, width - 10))}
        <Text inverse> </Text>
      </Text>
      {visible.length === 0 ? <Text dimColor>nothing matches</Text> : null}
      {visible.map((e, i) => {
        const selected = offset + i === cursor;
        const mark = e.key === currentKey ? '*' : ' ';
        const count = `${e.count} finding${e.count === 1 ? '' : 's'}`;
        return (
          <Text key={e.key} inverse={selected}>
            {selected ? '›' : ' '}
            {mark} {fit(e.label, Math.max(1, width - count.length - 5))} {count}
          </Text>
        );
      })}
    </Box>
  );
}
