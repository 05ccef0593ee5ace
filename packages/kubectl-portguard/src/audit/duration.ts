// `--since 24h`: Go-style durations (1h30m, 90s, 500ms) and days (7d), as kubectl's --since takes them plus `d`.

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds in `text`, or undefined when it is not a duration (`24h`, `1h30m`, `7d`). */
export function parseDuration(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * UNITS[m[2]];
    matched = re.lastIndex;
  }
  return matched === text.length && text.length > 0 ? total : undefined;
}
