// The details pane view: a window of the finding's detail lines, with a scroll position.
// Pragmas so JSX compiles the same when tsx runs from a folder without this tsconfig (bench, e2e).
/** @jsxRuntime automatic @jsxImportSource react */
import { Box, Text } from 'ink';
import { severityColor, tint, useTheme, type Theme } from '../theme.js';
import type { DetailLine, Tone } from './detail-lines.js';

export interface DetailsPaneProps {
  /** Every line, already wrapped to the width; only `height` of them from `offset` are drawn. */
  readonly lines: readonly DetailLine[];
  readonly offset: number;
  readonly height: number;
}

function style(theme: Theme, tone: Tone): { color?: string; bold?: boolean; dimColor?: boolean } {
  switch (tone) {
    case 'high':
    case 'medium':
    case 'low':
    case 'info':
      return { color: severityColor(theme, tone), bold: true };
    case 'title':
    case 'heading':
      return { bold: true, color: tint(theme, tone === 'heading' ? 'blue' : 'white') };
    case 'dim':
      return { dimColor: true };
    case 'added':
      return { color: tint(theme, 'green') };
    case 'removed':
      return { color: tint(theme, 'red') };
    default:
      return {};
  }
}

export function DetailsPane({ lines, offset, height }: DetailsPaneProps) {
  const theme = useTheme();
  const visible = lines.slice(offset, offset + height);
  const more = lines.length - offset - visible.length;
  return (
    <Box height={height} flexDirection="column" overflow="hidden">
      {visible.map((l, i) =>
        i === visible.length - 1 && more > 0 ? (
          <Text key={i} dimColor>
            {`… ${more} more line${more === 1 ? '' : 's'} (↓/PgDn)`}
          </Text>
        ) : (
          <Text key={i} {...style(theme, l.tone)}>
            {l.text || ' '}
          </Text>
        ),
      )}
    </Box>
  );
}
