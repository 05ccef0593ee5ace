// The findings list view: renders only the rows inside the window, one line each.
// Pragmas so JSX compiles the same when tsx runs from a folder without this tsconfig (bench, e2e).
/** @jsxRuntime automatic @jsxImportSource react */
import { Box, Text } from 'ink';
import type { Finding } from '@portguard/core';
import type { GroupRow, Row } from '../model/finding-rows.js';
import { cut, fit } from '../terminal/fit.js';
import { severityColor, tint, useTheme } from '../theme.js';

export interface FindingsListProps {
  /** Every row of the filtered list; only `height` of them from `offset` are rendered. */
  readonly rows: readonly Row[];
  /** Index of the selected row. */
  readonly cursor: number;
  /** Index of the first visible row. */
  readonly offset: number;
  /** Visible rows. */
  readonly height: number;
  /** Terminal columns; every line is cut to fit. */
  readonly width: number;
  /** Shown when there are no rows, e.g. `No findings match "web".`. */
  readonly emptyText: string;
}

const SEVERITY_WIDTH = 7;

/** Column widths for a terminal width: the rule and object get what they need, the message the rest. */
export function columnsFor(width: number): { rule: number; object: number; message: number } {
  const rule = width >= 110 ? 31 : width >= 100 ? 24 : 20;
  const object = Math.max(12, Math.min(40, Math.floor((width - 2 - SEVERITY_WIDTH - rule) * 0.45)));
  const message = Math.max(0, width - 2 - SEVERITY_WIDTH - rule - object - 1);
  return { rule, object, message };
}

export function objectLabel(f: Finding): string {
  return `${f.object.kind}/${f.object.name}${f.podCount ? ` (${f.podCount} pods)` : ''}`;
}

export function groupLabel(g: GroupRow): string {
  const where = g.wholeCluster
    ? 'whole cluster'
    : g.namespace === undefined
      ? 'cluster-scoped'
      : `namespace ${g.namespace}`;
  const who = g.tenant && g.tenant !== g.namespace ? `tenant ${g.tenant} · ` : '';
  const cluster = g.cluster !== undefined ? `cluster ${g.cluster} · ` : '';
  return `${cluster}${who}${where} (${g.count})`;
}

export function FindingsList(props: FindingsListProps) {
  const { rows, cursor, offset, height, width, emptyText } = props;
  const theme = useTheme();
  if (rows.length === 0) {
    return (
      <Box height={height} flexDirection="column">
        <Text dimColor>{cut(emptyText, width)}</Text>
      </Box>
    );
  }
  const cols = columnsFor(width);
  const visible = rows.slice(offset, offset + height);
  return (
    <Box height={height} flexDirection="column" overflow="hidden">
      {visible.map((row, i) => {
        const index = offset + i;
        if (row.kind === 'group') {
          return (
            <Text key={row.key} bold color={tint(theme, 'blue')}>
              {cut(`▾ ${groupLabel(row)}`, width)}
            </Text>
          );
        }
        const f = row.finding;
        const selected = index === cursor;
        return (
          <Text key={row.key} inverse={selected} wrap="truncate">
            {selected ? '› ' : '  '}
            <Text color={severityColor(theme, f.severity)} bold={f.severity === 'high'}>
              {fit(f.severity.toUpperCase(), SEVERITY_WIDTH)}
            </Text>
            {fit(f.rule, cols.rule - 1)} {fit(objectLabel(f), cols.object)}{' '}
            {cut(f.message, cols.message)}
          </Text>
        );
      })}
    </Box>
  );
}
