// What every reporter gets: the scan result plus where it came from.
import type { ScanResult } from '@portguard/core';
import type { ClusterOutcome } from '@portguard/kube';

export interface ReportInput {
  result: ScanResult;
  /** Warnings that did not stop the scan (forbidden namespaces…). */
  warnings: string[];
  /** `files` or `cluster`: file scans carry file and range. */
  mode: 'files' | 'cluster';
  color: boolean;
  /** Terminal width for the table; 80 when unknown (a pipe). */
  columns?: number;
  /** Folder that relative file names are relative to (SARIF's %SRCROOT%). */
  cwd?: string;
  /** A scan of several clusters: each context's own result (the merged one is `result`). */
  clusters?: readonly ClusterOutcome[];
}

/** A reporter is a plain function of the results: same input, same text. */
export type Reporter = (input: ReportInput) => string;
