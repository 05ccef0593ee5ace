// external-ips: remove spec.externalIPs; a LoadBalancer Service or an Ingress is the way in instead.
import type { Node, Pair } from 'yaml';
import { findPair } from '../parse/source-range.js';
import { mapAt, noFix, type FixContext, type Outcome } from './context.js';
import { removePairs } from './yaml-edit.js';

export function fixExternalIps(ctx: FixContext): Outcome {
  const spec = mapAt(ctx, ['spec']);
  const pair = spec && (findPair(spec, 'externalIPs') as Pair<Node, Node | null> | undefined);
  const edits = spec && pair && removePairs(ctx.text, spec, [pair]);
  if (!edits) return noFix('the Service spec is written in a layout portguard cannot edit');
  return {
    suggestions: [
      {
        id: 'external-ips/remove',
        rule: 'external-ips',
        title: `Remove externalIPs from Service "${ctx.object.ref.name}" (CVE-2020-8554); expose it through a LoadBalancer Service or an Ingress instead`,
        kind: 'suggestion',
        isPreferred: true,
        edits,
      },
    ],
  };
}
