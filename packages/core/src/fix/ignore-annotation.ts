// The remediation every finding has: the portguard.dev/ignore annotation, merged with an existing one.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { findPair } from '../parse/source-range.js';
import { annotationCovers, IGNORE_ANNOTATION } from '../suppression.js';
import { mapAt, type FixContext } from './context.js';
import { insertPair, replaceScalar } from './yaml-edit.js';
import type { FixSuggestion, TextEdit } from './types.js';

type AnyPair = Pair<Node, Node | null>;

export function ignoreEdits(ctx: FixContext): TextEdit | undefined {
  const rule = ctx.finding.rule;
  const metadata = mapAt(ctx, ['metadata']);
  if (!metadata) return undefined;
  const q = (s: string) => (ctx.style.json ? JSON.stringify(s) : s);
  const annotations = findPair(metadata, 'annotations') as AnyPair | undefined;
  if (annotations) {
    const map = annotations.value;
    if (!isMap(map)) return undefined;
    const existing = findPair(map, IGNORE_ANNOTATION) as AnyPair | undefined;
    if (existing) {
      const v = existing.value;
      if (!isScalar(v) || typeof v.value !== 'string' || annotationCovers(v.value, rule))
        return undefined;
      const merged = `${v.value.trim() ? `${v.value.trim()},` : ''}${rule}`;
      if (v.type === 'PLAIN' && (map as YAMLMap).flow) {
        return v.range
          ? { range: [v.range[0], v.range[1]], text: JSON.stringify(merged) }
          : undefined;
      }
      return replaceScalar(v, merged);
    }
    const entry = `${q(IGNORE_ANNOTATION)}: ${JSON.stringify(rule)}`;
    const items = (map as YAMLMap).items as AnyPair[];
    return insertPair(
      ctx.text,
      ctx.style,
      map as YAMLMap,
      { block: [entry], flow: entry },
      items.length ? { after: items[items.length - 1] } : {},
    );
  }
  const unit = ' '.repeat(ctx.style.indent);
  const entry = `${q(IGNORE_ANNOTATION)}: ${JSON.stringify(rule)}`;
  const anchor =
    (findPair(metadata, 'namespace') as AnyPair | undefined) ??
    (findPair(metadata, 'name') as AnyPair | undefined);
  return insertPair(
    ctx.text,
    ctx.style,
    metadata,
    { block: [`${q('annotations')}:`, `${unit}${entry}`], flow: `${q('annotations')}: {${entry}}` },
    anchor ? { after: anchor } : {},
  );
}

export function ignoreSuggestion(ctx: FixContext): FixSuggestion | undefined {
  const edit = ignoreEdits(ctx);
  if (!edit) return undefined;
  const { kind, name } = ctx.object.ref;
  return {
    id: `ignore/${ctx.finding.rule}`,
    rule: ctx.finding.rule,
    title: `Ignore ${ctx.finding.rule} on ${kind}/${name} (annotation ${IGNORE_ANNOTATION})`,
    kind: 'fix',
    edits: [edit],
  };
}
