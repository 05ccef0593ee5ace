// Ordering and comparison of severities.
import { SEVERITIES, type Severity } from './types.js';

const RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1, info: 0 };

/** True when `s` is at least as severe as `threshold` (`atLeast('high', 'medium')` is true). */
export function atLeast(s: Severity, threshold: Severity): boolean {
  return RANK[s] >= RANK[threshold];
}

/** Sort key: most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return RANK[b] - RANK[a];
}

export function isSeverity(v: unknown): v is Severity {
  return typeof v === 'string' && (SEVERITIES as readonly string[]).includes(v);
}

/** One step more or less severe, clamped at the ends. */
export function shiftSeverity(s: Severity, by: number): Severity {
  const order = [...SEVERITIES].reverse();
  const i = Math.min(order.length - 1, Math.max(0, order.indexOf(s) + by));
  return order[i];
}
