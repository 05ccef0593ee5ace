// "Offered only if safe": applies a suggestion and proves the result parses and the finding is gone.
import { scanObjects } from '../engine.js';
import { parseManifests } from '../parse/parse-manifests.js';
import { scanManifests } from '../parse/scan-manifests.js';
import { findRule } from '../rules/index.js';
import type { ParsedFile } from '../parse/parse-manifests.js';
import type { Finding } from '../types.js';
import { applyEdits } from './apply-edits.js';
import type { FixContext } from './context.js';
import type { FixSuggestion } from './types.js';

/** Identity of a finding across re-scans: its rule, object and field path. */
export function findingKey(f: Finding): string {
  const o = f.object;
  return `${f.rule} ${o.apiVersion}/${o.kind} ${o.namespace ?? ''}/${o.name} ${f.path}`;
}

/** True when every edit stays inside the finding's document (insertions at its end included). */
export function insideDocument(ctx: FixContext, suggestion: FixSuggestion): boolean {
  const [docStart, , docEnd] = ctx.document.range ?? [0, 0, ctx.text.length];
  return suggestion.edits.every((e) => e.range[0] >= docStart && e.range[1] <= docEnd);
}

const scans = new WeakMap<ParsedFile, Set<string>>();

/** The keys of every finding of a parsed file, scanned once per parse. */
export function findingKeysOf(parsed: ParsedFile): Set<string> {
  let keys = scans.get(parsed);
  if (!keys) {
    keys = new Set(scanObjects(parsed.objects).findings.map(findingKey));
    scans.set(parsed, keys);
  }
  return keys;
}

/**
 * Returns why `suggestion` is unsafe, or undefined when it is safe: its edits apply without
 * overlap and stay inside the object's document, the result parses with no new error, the
 * finding is gone, and no finding appears that was not there before.
 */
export function unsafeBecause(ctx: FixContext, suggestion: FixSuggestion): string | undefined {
  if (!insideDocument(ctx, suggestion)) return 'the edits would touch another document';
  const { text, skipped } = applyEdits(ctx.text, suggestion.edits);
  if (skipped.length > 0) return 'the edits overlap';
  const after = afterEdit(ctx, text);
  if (!after) return 'the edited file would not parse';
  const before = findingKeysOf(ctx.parsed);
  const now = after.keys;
  if (findRule(ctx.finding.rule) && now.has(findingKey(ctx.finding))) {
    return 'the finding would still be there';
  }
  for (const k of now) if (!before.has(k)) return 'the edit would cause a new finding';
  return undefined;
}

/**
 * The finding keys of the file after the edit, or undefined when it would not parse (a new
 * error, or a template). Edits stay inside one document, so only that document (and what a fix
 * appends to it) is parsed again; the other documents' objects are scanned with it as they are,
 * so findings across documents (conflicts) still count. A file with directives, or whose
 * document range is unknown, is parsed again whole.
 */
function afterEdit(ctx: FixContext, text: string): { keys: Set<string> } | undefined {
  const range = ctx.document.range;
  const delta = text.length - ctx.text.length;
  if (!range || /^%/m.test(ctx.text)) {
    const after = parseManifests(text, ctx.parsed.source.file);
    if (after.skipped || after.errors.length > ctx.parsed.errors.length) return undefined;
    return { keys: findingKeysOf(after) };
  }
  // The edited document parsed fine before (it holds the finding's object): any error is new.
  // Read as a scan reads it (the fast reader where it can): only values and errors count here.
  const edited = scanManifests(text.slice(range[0], range[2] + delta), ctx.parsed.source.file);
  if (edited.skipped || edited.errors.length > 0) return undefined;
  const others = ctx.parsed.objects.filter((o) => o.source?.document !== ctx.document);
  return { keys: new Set(scanObjects([...others, ...edited.objects]).findings.map(findingKey)) };
}
