// Makes text from manifests safe to print on a terminal.

/**
 * Replaces control characters (ESC of ANSI sequences, newlines, BEL…) and bidirectional
 * overrides with visible escapes, so a hostile object name such as `web\u001b[2J` cannot clear
 * or repaint the user's terminal or reorder what they read: `web\x1b[2J`.
 */
export function printable(s: string): string {
  return s.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (c) => {
      const code = c.charCodeAt(0);
      return code <= 0xff
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`;
    },
  );
}
