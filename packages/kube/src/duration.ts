// Durations as kubectl's --request-timeout takes them: Go durations (`5s`, `1m30s`, `300ms`), a bare integer in seconds, `0` for none.
import { ClusterError } from './errors.js';

const UNITS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Milliseconds of a `--request-timeout` value, parsed as kubectl parses it: a bare integer is
 * seconds, else a Go duration; `0` means no timeout. A bad value is a one-line ClusterError.
 */
export function parseRequestTimeout(text: string): number {
  const s = text.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  const bad = () =>
    new ClusterError(
      `invalid --request-timeout "${text}": use a duration such as 5s, 1m or 1h (0 for none)`,
    );
  if (s === '' || s === '-' || s === '+') throw bad();
  let rest = s.replace(/^[+]/, '');
  if (rest.startsWith('-')) throw bad();
  let ms = 0;
  while (rest.length > 0) {
    const m = /^(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/.exec(rest);
    if (!m) throw bad();
    ms += Number(m[1]) * UNITS[m[2]];
    rest = rest.slice(m[0].length);
  }
  return ms;
}

/** `2m0s`, `1.5s`: a duration written back as Go (and kubectl) print it. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}
