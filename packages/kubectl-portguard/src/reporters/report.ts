// What every reporter gets: the scan result plus where it came from.
import type { ScanResult } from '@portguard/core';

export interface ReportInput {
  result: ScanResult;
  /** Warnings that did not stop the scan (forbidden namespaces…). */
  warnings: string[];
  /** `files` or `cluster`: file scans carry file and range. */
  mode: 'files' | 'cluster';
  color: boolean;
  /** Terminal width for the table. */
  columns?: number;
}

export type Reporter = (input: ReportInput) => string;
