// The shared shape of a bench module and the helpers every bench uses: interleaved timing, medians, printed rows.
import { performance } from 'node:perf_hooks';

/** One measured figure, next to the baseline measured in the same run. */
export interface BenchRow {
  /** What was measured, e.g. `scanFiles, one 10,000-document text`. */
  metric: string;
  value: number;
  /** Unit of `value` and `baseline`: `objects/s`, `ms`, `MB`… */
  unit: string;
  /** The same figure for the baseline (e.g. the `yaml` library alone). */
  baseline?: number;
  baselineLabel?: string;
  /** Cost relative to the baseline (>1 is slower or bigger); for rates, baseline / value. */
  ratio?: number;
  /** The ratio the issue aims for; the row says whether it is met. */
  target?: number;
}

export interface BenchResult {
  name: string;
  title: string;
  rows: BenchRow[];
  notes?: string[];
}

/**
 * A `bench/<name>.bench.ts` module. `run()` should resolve to a BenchResult, which the runner
 * prints; a module that prints its own rows may resolve to anything else.
 */
export interface BenchModule {
  name: string;
  run(): Promise<unknown>;
}

export function isBenchResult(v: unknown): v is BenchResult {
  return (
    typeof v === 'object' &&
    v !== null &&
    Array.isArray((v as BenchResult).rows) &&
    typeof (v as BenchResult).title === 'string'
  );
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/**
 * Times each side once per round, the sides interleaved so that they all see the same machine
 * state (other processes, GC, CPU frequency); `warmup` rounds run first and are not counted.
 * Returns milliseconds per side, one entry per round.
 */
export async function interleave(
  sides: Record<string, () => unknown>,
  rounds: number,
  warmup = 1,
): Promise<Record<string, number[]>> {
  const times: Record<string, number[]> = Object.fromEntries(
    Object.keys(sides).map((k) => [k, []]),
  );
  for (let r = 0; r < warmup + rounds; r++) {
    for (const [label, fn] of Object.entries(sides)) {
      globalThis.gc?.();
      const start = performance.now();
      await fn();
      const ms = performance.now() - start;
      if (r >= warmup) times[label].push(ms);
    }
  }
  return times;
}

function num(v: number, unit: string): string {
  if (!Number.isFinite(v)) return String(v);
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

/** `metric  value  | baseline: value  | ratio 1.23 (target ≤ 1.5: met)` */
export function formatRow(row: BenchRow): string {
  const parts = [`${row.metric.padEnd(46)} ${num(row.value, row.unit).padStart(18)}`];
  if (row.baseline !== undefined) {
    parts.push(`${row.baselineLabel ?? 'baseline'} ${num(row.baseline, row.unit)}`);
  }
  if (row.ratio !== undefined) {
    let r = `ratio ${row.ratio.toFixed(2)}`;
    if (row.target !== undefined) {
      r += ` (target ≤ ${row.target}: ${row.ratio <= row.target ? 'met' : 'MISSED'})`;
    }
    parts.push(r);
  }
  return parts.join(' | ');
}

export function printResult(
  result: BenchResult,
  write: (s: string) => void = (s) => process.stdout.write(s),
): void {
  write(`\n== ${result.name}: ${result.title}\n`);
  for (const row of result.rows) write(`${formatRow(row)}\n`);
  for (const note of result.notes ?? []) write(`   ${note}\n`);
}
