// namespace-without-pod-security: set the namespace's pod-security.kubernetes.io/enforce label to baseline.
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { findPair } from '../parse/source-range.js';
import { PSA_ENFORCE_LABEL } from '../posture/pod-security.js';
import { mapAt, noFix, type FixContext, type Outcome } from './context.js';
import type { TextEdit } from './types.js';
import { insertPair, replaceScalar } from './yaml-edit.js';

type AnyPair = Pair<Node, Node | null>;

/** baseline: the lowest level that refuses hostPort, hostNetwork, hostPID and hostIPC. */
const LEVEL = 'baseline';

function labelEdit(ctx: FixContext): TextEdit | undefined {
  const metadata = mapAt(ctx, ['metadata']);
  if (!metadata) return undefined;
  const q = (s: string) => (ctx.style.json ? JSON.stringify(s) : s);
  const entry = `${q(PSA_ENFORCE_LABEL)}: ${ctx.style.json ? JSON.stringify(LEVEL) : LEVEL}`;
  const labels = findPair(metadata, 'labels') as AnyPair | undefined;
  if (labels) {
    if (!isMap(labels.value)) return undefined;
    const map = labels.value as YAMLMap;
    const existing = findPair(map, PSA_ENFORCE_LABEL) as AnyPair | undefined;
    if (existing)
      return isScalar(existing.value) ? replaceScalar(existing.value, LEVEL) : undefined;
    const items = map.items as AnyPair[];
    return insertPair(
      ctx.text,
      ctx.style,
      map,
      { block: [entry], flow: entry },
      items.length ? { after: items[items.length - 1] } : {},
    );
  }
  const unit = ' '.repeat(ctx.style.indent);
  const name = findPair(metadata, 'name') as AnyPair | undefined;
  return insertPair(
    ctx.text,
    ctx.style,
    metadata,
    { block: [`${q('labels')}:`, `${unit}${entry}`], flow: `${q('labels')}: {${entry}}` },
    name ? { after: name } : {},
  );
}

/**
 * A suggestion, not a fix: once the namespace enforces baseline, new pods that need host ports
 * or host networking there are refused, which may be what a tenant's workload relies on.
 */
export function fixNamespaceWithoutPodSecurity(ctx: FixContext): Outcome {
  const edit = labelEdit(ctx);
  if (!edit) return noFix('the Namespace metadata is written in a layout portguard cannot edit');
  return {
    suggestions: [
      {
        id: 'namespace-without-pod-security/baseline',
        rule: 'namespace-without-pod-security',
        title: `Enforce Pod Security level "${LEVEL}" in namespace "${ctx.object.ref.name}" (label ${PSA_ENFORCE_LABEL})`,
        kind: 'suggestion',
        isPreferred: true,
        edits: [edit],
      },
    ],
  };
}
