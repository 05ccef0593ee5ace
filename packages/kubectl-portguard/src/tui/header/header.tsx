// The header: who we look at (context, server, scope), counts by severity, and the connection state.
// Pragmas so JSX compiles the same when tsx runs from a folder without this tsconfig (bench, e2e).
/** @jsxRuntime automatic @jsxImportSource react */
import { Box, Text } from 'ink';
import { SEVERITIES, type ScanSummary } from '@portguard/core';
import type { SourceStatus } from '../findings-source.js';
import { cut } from '../terminal/fit.js';
import { severityColor, tint, useTheme } from '../theme.js';
import { useSpinner } from './use-spinner.js';

export const HEADER_HEIGHT = 3;

export interface HeaderProps {
  readonly context?: string;
  readonly server?: string;
  /** `all namespaces` or `namespace team-a`. */
  readonly scope: string;
  /** Counts of the whole scan, not of the filtered list. */
  readonly summary?: ScanSummary;
  /** How many findings the filtered list shows. */
  readonly shown: number;
  /** The active filter, described (empty for none). */
  readonly filter: string;
  readonly status: SourceStatus;
  readonly width: number;
}

/** The third line: a spinner while listing, `live`, or a banner while disconnected. */
export function statusText(status: SourceStatus, spinner: string): string {
  switch (status.state) {
    case 'listing':
      return `${spinner} listing the cluster… ${status.listed}${status.total ? `/${status.total}` : ''} objects`;
    case 'live':
      return '● live: watching pods, services and namespaces';
    case 'disconnected':
      return `⚠ DISCONNECTED: ${status.reason}${status.retryInMs !== undefined ? ` (retrying in ${(status.retryInMs / 1000).toFixed(1)}s)` : ''}; showing the last known state`;
    case 'failed':
      return `✖ ${status.reason}`;
  }
}

export function Header(props: HeaderProps) {
  const { context, server, scope, summary, shown, filter, status, width } = props;
  const theme = useTheme();
  const spinner = useSpinner(status.state === 'listing');
  const who = `portguard · context ${context ?? '-'} · server ${server ?? '-'} · ${scope}`;
  const total = summary?.findings ?? 0;
  const banner = status.state === 'disconnected' || status.state === 'failed';
  const line3 = cut(statusText(status, spinner), width);
  return (
    <Box flexDirection="column" height={HEADER_HEIGHT}>
      <Text bold wrap="truncate">
        {cut(who, width)}
      </Text>
      <Text wrap="truncate">
        {SEVERITIES.map((s) => (
          <Text key={s} color={severityColor(theme, s)} bold={s === 'high'}>
            {`${summary?.bySeverity[s] ?? 0} ${s}  `}
          </Text>
        ))}
        <Text
          dimColor
        >{`· ${shown === total ? `${total} findings` : `${shown} of ${total} shown`}${summary ? ` · ${summary.suppressed} suppressed` : ''}${filter ? ` · ${filter}` : ''}`}</Text>
      </Text>
      {banner ? (
        <Text inverse bold color={tint(theme, 'red')}>
          {line3 + ' '.repeat(Math.max(0, width - line3.length))}
        </Text>
      ) : (
        <Text color={tint(theme, status.state === 'live' ? 'green' : 'yellow')}>{line3}</Text>
      )}
    </Box>
  );
}
