// Whole-file fixing, as `kubectl portguard fix` does it: rounds of fixes, re-parsed until stable.
import type { PortguardConfig } from '../config/config.js';
import { scanObjects } from '../engine.js';
import { parseManifests, type ParsedFile } from '../parse/parse-manifests.js';
import type { Finding } from '../types.js';
import { applyEdits } from './apply-edits.js';
import type { Outcome } from './context.js';
import { propose, remediate } from './remediate.js';
import type { FixOptions, FixSuggestion } from './types.js';
import { findingKey, insideDocument } from './verify.js';

export type FixTextOptions = FixOptions & { config?: PortguardConfig };

export interface FixTextResult {
  text: string;
  /** The findings a fix was applied for, with their positions in the input text. */
  fixed: Finding[];
  /** Every finding left after fixing (unsuppressed), with positions in the result text. */
  remaining: Finding[];
  /** Why each remaining finding was not fixed, by finding. */
  reasons: Map<Finding, string>;
  /**
   * Fixed findings for which the requested target could not be made, so the preferred one was
   * used instead, with why (`--to ingress` on a database: a Service only, no Ingress).
   */
  fallbacks: Map<Finding, string>;
}

/** A file of N findings takes at most N rounds; the bound only guards against a fix that loops. */
const MAX_ROUNDS = 10_000;

interface Planned {
  finding: Finding;
  suggestion: FixSuggestion;
}

/** One parse of the text being fixed, with its findings. */
interface State {
  text: string;
  parsed: ParsedFile;
  findings: Finding[];
}

/**
 * Fixes every fixable finding of a file with one target (`service` by default; where a target
 * does not apply, e.g. `ingress` for a non-HTTP port, the preferred remediation is used).
 *
 * Each round fixes at most one finding per document, so the fixes of a round never touch the same
 * text, then re-parses and re-scans: the next round sees the Services earlier ones added. A round
 * is kept only if the result parses, its findings are gone, nothing new is found and no object
 * name is duplicated; otherwise it is redone one verified fix at a time.
 */
export function fixText(text: string, file: string, options: FixTextOptions = {}): FixTextResult {
  const { config, ...fixOptions } = options;
  const scan = (t: string): State => {
    const parsed = parseManifests(t, file);
    return { text: t, parsed, findings: scanObjects(parsed.objects, { config }).findings };
  };
  let state = scan(text);
  const original = new Map(state.findings.map((f) => [findingKey(f), f]));
  const fixed: Finding[] = [];
  const unfixable = new Map<string, string>();
  const fellBack = new Map<string, string>();
  let batch = true;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const planned = plan(state, unfixable, fellBack, fixOptions, batch);
    if (planned.length === 0) break;
    const { text: next, skipped } = applyEdits(
      state.text,
      planned.flatMap((p) => p.suggestion.edits),
    );
    const after = scan(next);
    if (batch && (skipped.length > 0 || !roundIsSafe(state, after, planned))) {
      batch = false;
      continue;
    }
    fixed.push(...planned.map((p) => original.get(findingKey(p.finding)) ?? p.finding));
    state = after;
    batch = true;
  }
  const reasons = new Map<Finding, string>();
  for (const f of state.findings) {
    const r = unfixable.get(findingKey(f));
    if (r) reasons.set(f, r);
  }
  const fallbacks = new Map<Finding, string>();
  for (const f of fixed) {
    const why = fellBack.get(findingKey(f));
    if (why) fallbacks.set(f, why);
  }
  return { text: state.text, fixed, remaining: state.findings, reasons, fallbacks };
}

/**
 * Remediations offered one at a time only (quick-fix, TUI), never by a whole-file fix: a Pod
 * Security label refuses every privileged pod of the namespace, including ones not in this file.
 */
const ONE_AT_A_TIME: ReadonlyMap<string, string> = new Map([
  [
    'namespace-without-pod-security',
    'the Pod Security label affects every pod of the namespace: apply it on its own (editor quick-fix, or kubectl portguard policy --engine psa)',
  ],
]);

/** The fixes of one round: the first fixable finding of each document, or one verified fix. */
function plan(
  state: State,
  unfixable: Map<string, string>,
  fellBack: Map<string, string>,
  options: FixOptions,
  batch: boolean,
): Planned[] {
  const planned: Planned[] = [];
  const documents = new Set<unknown>();
  for (const finding of state.findings) {
    const key = findingKey(finding);
    if (unfixable.has(key)) continue;
    const alone = ONE_AT_A_TIME.get(finding.rule);
    if (alone) {
      unfixable.set(key, alone);
      continue;
    }
    if (batch) {
      const { ctx, outcome } = withFallback(options, fellBack, key, (o) =>
        propose(state.parsed, finding, o),
      );
      if (ctx && documents.has(ctx.document)) continue;
      const suggestion = outcome.suggestions[0];
      if (!ctx || !suggestion || !insideDocument(ctx, suggestion)) {
        unfixable.set(key, outcome.reason ?? 'the fix would touch another document');
        continue;
      }
      documents.add(ctx.document);
      planned.push({ finding, suggestion });
    } else {
      const { outcome } = withFallback(options, fellBack, key, (o) => ({
        outcome: remediate(state.parsed, finding, o),
      }));
      const suggestion = outcome.suggestions[0];
      if (suggestion) return [{ finding, suggestion }];
      unfixable.set(key, outcome.reason ?? 'no remediation applies');
    }
  }
  return planned;
}

/**
 * The requested target, else the preferred (`service`) one where the target does not apply; then
 * `fellBack` says why under the finding's key (`key`).
 */
function withFallback<T extends { outcome: Outcome }>(
  options: FixOptions,
  fellBack: Map<string, string>,
  key: string,
  run: (o: FixOptions) => T,
): T {
  const first = run({ ...options, to: options.to ?? 'service' });
  if (first.outcome.suggestions.length || !options.to || options.to === 'service') {
    fellBack.delete(key);
    return first;
  }
  const second = run({ ...options, to: 'service' });
  if (second.outcome.suggestions.length)
    fellBack.set(key, `no ${options.to}: ${first.outcome.reason ?? 'it does not apply here'}`);
  return second;
}

function identities(state: State): string[] {
  return state.parsed.objects.map(
    (o) => `${o.ref.apiVersion}/${o.ref.kind} ${o.ref.namespace ?? ''}/${o.ref.name}`,
  );
}

function duplicates(ids: string[]): number {
  return ids.length - new Set(ids).size;
}

/** A batch is kept only if it is as safe as each of its fixes verified alone would be. */
function roundIsSafe(before: State, after: State, planned: readonly Planned[]): boolean {
  if (after.parsed.skipped || after.parsed.errors.length > before.parsed.errors.length)
    return false;
  const was = new Set(before.findings.map(findingKey));
  const now = new Set(after.findings.map(findingKey));
  if ([...now].some((k) => !was.has(k))) return false;
  if (planned.some((p) => now.has(findingKey(p.finding)))) return false;
  return duplicates(identities(after)) <= duplicates(identities(before));
}
