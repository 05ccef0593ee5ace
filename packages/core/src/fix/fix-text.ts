// Whole-file fixing, as `kubectl portguard fix` does it: one fix at a time, re-parsed until stable.
import type { PortguardConfig } from '../config/config.js';
import { scanObjects } from '../engine.js';
import { parseManifests } from '../parse/parse-manifests.js';
import type { Finding } from '../types.js';
import { applyEdits } from './apply-edits.js';
import { remediate } from './remediate.js';
import type { FixOptions } from './types.js';
import { findingKey } from './verify.js';

export type FixTextOptions = FixOptions & { config?: PortguardConfig };

export interface FixTextResult {
  text: string;
  /** The findings a fix was applied for, with their positions in the input text. */
  fixed: Finding[];
  /** Every finding left after fixing (unsuppressed), with positions in the result text. */
  remaining: Finding[];
  /** Why each remaining finding of a fixable rule was not fixed, by finding. */
  reasons: Map<Finding, string>;
}

/** A file of N findings takes at most N rounds; the bound only guards against a fix that loops. */
const MAX_ROUNDS = 10_000;

/**
 * Fixes every fixable finding of a file with one target (`service` by default; where a target
 * does not apply, e.g. `ingress` for a non-HTTP port, the preferred remediation is used). Each
 * round re-parses and re-scans, so later fixes see the Services earlier ones added.
 */
export function fixText(text: string, file: string, options: FixTextOptions = {}): FixTextResult {
  const { config, ...fixOptions } = options;
  const fixed: Finding[] = [];
  const unfixable = new Map<string, string>();
  let current = text;
  let original: Map<string, Finding> | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const parsed = parseManifests(current, file);
    const { findings } = scanObjects(parsed.objects, { config });
    original ??= new Map(findings.map((f) => [findingKey(f), f]));
    let applied = false;
    for (const finding of findings) {
      const key = findingKey(finding);
      if (unfixable.has(key)) continue;
      let outcome = remediate(parsed, finding, { ...fixOptions, to: fixOptions.to ?? 'service' });
      if (!outcome.suggestions.length && fixOptions.to && fixOptions.to !== 'service') {
        outcome = remediate(parsed, finding, { ...fixOptions, to: 'service' });
      }
      const suggestion = outcome.suggestions[0];
      if (!suggestion) {
        unfixable.set(key, outcome.reason ?? 'no remediation applies');
        continue;
      }
      current = applyEdits(current, suggestion.edits).text;
      fixed.push(original.get(key) ?? finding);
      applied = true;
      break;
    }
    if (!applied) {
      const reasons = new Map<Finding, string>();
      for (const f of findings) {
        const r = unfixable.get(findingKey(f));
        if (r) reasons.set(f, r);
      }
      return { text: current, fixed, remaining: findings, reasons };
    }
  }
  throw new Error(`fixing ${file} did not settle`);
}
