// What serve knows of the cluster: the latest snapshot, its scan (as `scan -A` makes it), watch health and readiness.
import {
  scanObjects,
  summarize,
  type Finding,
  type ManifestObject,
  type ScanOptions,
  type ScanResult,
} from '@portguard/core';
import { withholdUnreadableClaims, type ResourceKind } from '@portguard/kube';
import { findingKey } from './finding-key.js';

/** What changed between two scans, for the logs. */
export interface ScanChange {
  appeared: Finding[];
  disappeared: Finding[];
}

/**
 * Holds the cluster's current findings. `update` is given each snapshot of watchCluster (pods
 * already folded into their controllers by collapseOwned) and scans it with core exactly as
 * `scanLiveCluster` does, so `/findings` and the metrics match `scan -A -o json` on the same state.
 */
export class LiveState {
  /** The folded objects of the latest snapshot. */
  objects: readonly ManifestObject[] = [];
  /** The objects as listed (pods before folding): `portguard_objects{kind}` counts these. */
  listed: readonly ManifestObject[] = [];
  result: ScanResult = emptyResult();
  /** One line each: what the watch could not see (forbidden kinds and namespaces). */
  warnings: string[] = [];
  /** True once the first full list is done (`/readyz`). */
  ready = false;
  /** When the last snapshot was scanned, in seconds since the epoch (0 before). */
  lastSync = 0;
  /** Per kind: is its watch healthy. */
  readonly watchUp = new Map<string, boolean>();
  /** Kinds the watch may not list: posture claims about them are withheld, as `scan` does. */
  forbiddenKinds: readonly ResourceKind[] = [];
  /** Why a posture claim was withheld (`cannot tell whether …`), after the watch's warnings. */
  claimWarnings: string[] = [];
  private listeners: ((s: LiveState) => void)[] = [];

  constructor(
    private readonly scanOptions: ScanOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Scans a snapshot, makes it current and says which findings appeared and disappeared. */
  update(objects: readonly ManifestObject[], listed: readonly ManifestObject[]): ScanChange {
    const scanned = scanObjects(objects, this.scanOptions);
    const { findings, suppressed, warnings } = withholdUnreadableClaims(
      scanned.findings,
      scanned.suppressed,
      this.forbiddenKinds,
    );
    this.claimWarnings = warnings;
    const before = new Map(this.result.findings.map((f) => [findingKey(f), f]));
    const after = new Map(findings.map((f) => [findingKey(f), f]));
    const change: ScanChange = {
      appeared: findings.filter((f) => !before.has(findingKey(f))),
      disappeared: this.result.findings.filter((f) => !after.has(findingKey(f))),
    };
    this.objects = objects;
    this.listed = listed;
    this.result = {
      findings,
      suppressed,
      objects: [...objects],
      errors: [],
      skipped: [],
      summary: summarize(objects.length, findings, suppressed),
    };
    this.ready = true;
    this.lastSync = this.now() / 1000;
    for (const l of this.listeners) l(this);
    return change;
  }

  /** Calls `listener` after every update (the webhook's context, tests waiting on a change). */
  onUpdate(listener: (s: LiveState) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
}

function emptyResult(): ScanResult {
  return {
    findings: [],
    suppressed: [],
    objects: [],
    errors: [],
    skipped: [],
    summary: summarize(0, [], []),
  };
}
