// The fix engine's entry points: remediations per finding, the ignore annotation, and whole-file fixing.
import type { ParsedFile } from '../parse/parse-manifests.js';
import type { Finding } from '../types.js';
import { contextFor } from './context.js';
import { ignoreSuggestion } from './ignore-annotation.js';
import { remediate } from './remediate.js';
import type { FixOptions, FixSuggestion } from './types.js';
import { unsafeBecause } from './verify.js';

export * from './types.js';
export { applyEdits } from './apply-edits.js';
export { fixText, type FixTextOptions, type FixTextResult } from './fix-text.js';
export { NO_PORTS_REASON } from './host-network.js';
export { NO_GATEWAY_REASON } from './http-front.js';
export { FIXABLE_RULES, remediate } from './remediate.js';

/**
 * All remediations for one finding of a parsed file, each verified (applied, re-parsed and
 * re-scanned: the finding is gone and nothing else changed); [] when none can be applied safely.
 * With `options.to` only that target is built. Edits are offsets into `parsed.source.text`.
 */
export function fixesFor(
  parsed: ParsedFile,
  finding: Finding,
  options: FixOptions = {},
): FixSuggestion[] {
  return remediate(parsed, finding, options).suggestions;
}

/** Why `fixesFor` offers nothing for this finding (undefined when it offers something). */
export function whyNoFix(
  parsed: ParsedFile,
  finding: Finding,
  options: FixOptions = {},
): string | undefined {
  const outcome = remediate(parsed, finding, options);
  return outcome.suggestions.length ? undefined : outcome.reason;
}

/**
 * The remediation for the ignore annotation (`portguard.dev/ignore: "<rule>"`, merged with an
 * existing value), verified like every fix; undefined when the object cannot be annotated here.
 */
export function ignoreAnnotationFix(
  parsed: ParsedFile,
  finding: Finding,
): FixSuggestion | undefined {
  const ctx = contextFor(parsed, finding, {});
  if (typeof ctx === 'string') return undefined;
  const s = ignoreSuggestion(ctx);
  return s && !unsafeBecause(ctx, s) ? s : undefined;
}
