// Colours of the TUI, switched off as a whole for NO_COLOR (https://no-color.org).
import { createContext, useContext } from 'react';
import type { Severity } from '@portguard/core';

export interface Theme {
  /** False under NO_COLOR: components then rely on text, bold and inverse only. */
  color: boolean;
}

const SEVERITY_COLORS: Record<Severity, string> = {
  high: 'red',
  medium: 'yellow',
  low: 'cyan',
  info: 'gray',
};

export const ThemeContext = createContext<Theme>({ color: true });

export function useTheme(): Theme {
  return useContext(ThemeContext);
}

/** The Ink colour for a severity, or undefined without colour. */
export function severityColor(theme: Theme, s: Severity): string | undefined {
  return theme.color ? SEVERITY_COLORS[s] : undefined;
}

/** A colour name, or undefined without colour: `tint(theme, 'green')`. */
export function tint(theme: Theme, color: string): string | undefined {
  return theme.color ? color : undefined;
}

/** The theme for an environment: no colour when NO_COLOR is set to anything non-empty. */
export function themeFor(env: NodeJS.ProcessEnv): Theme {
  return { color: env.NO_COLOR === undefined || env.NO_COLOR === '' };
}
