// The filter input view: `/` and the text typed so far, with a block cursor.
// Pragmas so JSX compiles the same when tsx runs from a folder without this tsconfig (bench, e2e).
/** @jsxRuntime automatic @jsxImportSource react */
import { Text } from 'ink';
import { cut } from '../terminal/fit.js';

export interface FilterInputProps {
  /** The text typed so far. */
  readonly value: string;
  readonly width: number;
}

export function FilterInput({ value, width }: FilterInputProps) {
  // Keep the end of a long filter visible, where the user is typing.
  const room = Math.max(1, width - 3);
  const shown = value.length > room ? `…${value.slice(value.length - room + 1)}` : value;
  return (
    <Text>
      <Text bold>/</Text>
      {cut(shown, room)}
      <Text inverse> </Text>
    </Text>
  );
}
