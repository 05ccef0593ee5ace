// "Offered only if safe": applies a suggestion and proves the result parses and the finding is gone.
import { scanObjects } from '../engine.js';
import { parseManifests } from '../parse/parse-manifests.js';
import { findRule } from '../rules/index.js';
import type { Finding } from '../types.js';
import { applyEdits } from './apply-edits.js';
import type { FixContext } from './context.js';
import type { FixSuggestion } from './types.js';

/** Identity of a finding across re-scans: its rule, object and field path. */
export function findingKey(f: Finding): string {
  const o = f.object;
  return `${f.rule} ${o.apiVersion}/${o.kind} ${o.namespace ?? ''}/${o.name} ${f.path}`;
}

/**
 * Returns why `suggestion` is unsafe, or undefined when it is safe: its edits apply without
 * overlap and stay inside the object's document, the result parses with no new error, the
 * finding is gone, and no finding appears that was not there before.
 */
export function unsafeBecause(ctx: FixContext, suggestion: FixSuggestion): string | undefined {
  const [docStart, , docEnd] = ctx.document.range ?? [0, 0, ctx.text.length];
  if (suggestion.edits.some((e) => e.range[0] < docStart || e.range[1] > docEnd)) {
    return 'the edits would touch another document';
  }
  const { text, skipped } = applyEdits(ctx.text, suggestion.edits);
  if (skipped.length > 0) return 'the edits overlap';
  const after = parseManifests(text, ctx.parsed.source.file);
  if (after.skipped || after.errors.length > ctx.parsed.errors.length) {
    return 'the edited file would not parse';
  }
  const before = new Set(scanObjects(ctx.parsed.objects).findings.map(findingKey));
  const now = scanObjects(after.objects).findings.map(findingKey);
  const rule = findRule(ctx.finding.rule);
  const key = findingKey(ctx.finding);
  if (rule && now.includes(key)) return 'the finding would still be there';
  if (now.some((k) => !before.has(k))) return 'the edit would cause a new finding';
  return undefined;
}
