// nodeport-service: a ClusterIP Service (plus an Ingress or HTTPRoute for HTTP), or a LoadBalancer without node ports.
import { noFix, mapAt, type FixContext, type Outcome } from './context.js';
import { insertObjects } from './expose.js';
import { httpFront } from './http-front.js';
import { disableNodePorts, dropNodePorts, httpServicePort, setType } from './service-edits.js';
import { targetsFor } from './targets.js';
import type { FixSuggestion, RemediationTarget, TextEdit } from './types.js';

export function fixNodePortService(ctx: FixContext): Outcome {
  const spec = mapAt(ctx, ['spec']);
  if (!spec) return noFix('the Service spec is written in a layout portguard cannot edit');
  const suggestions: FixSuggestion[] = [];
  let reason: string | undefined;
  for (const target of targetsFor(ctx.options)) {
    const planned = plan(ctx, target);
    if (typeof planned === 'string') {
      reason ??= planned;
      continue;
    }
    suggestions.push({
      id: `nodeport-service/${target}`,
      rule: 'nodeport-service',
      title: planned.title,
      kind: 'suggestion',
      isPreferred: target === 'service',
      target,
      edits: planned.edits,
    });
  }
  return suggestions.length ? { suggestions } : noFix(reason ?? 'no remediation applies');
}

function plan(
  ctx: FixContext,
  target: RemediationTarget,
): { title: string; edits: TextEdit[] } | string {
  const spec = mapAt(ctx, ['spec'])!;
  const name = ctx.object.ref.name;
  const fail = 'the Service is written in a layout portguard cannot edit';
  if (target === 'loadbalancer') {
    const type = setType(spec, 'LoadBalancer');
    const drop = dropNodePorts(ctx, spec);
    const disable = disableNodePorts(ctx, spec);
    if (!type || !drop || !disable) return fail;
    return {
      title: `Change Service "${name}" to a LoadBalancer without node ports`,
      edits: [type, disable, ...drop],
    };
  }
  const type = setType(spec, 'ClusterIP');
  const drop = dropNodePorts(ctx, spec, ['externalTrafficPolicy', 'healthCheckNodePort']);
  if (!type || !drop) return fail;
  if (target === 'service') {
    return {
      title: `Change Service "${name}" to ClusterIP (no node ports)`,
      edits: [type, ...drop],
    };
  }
  const made = httpFront(ctx, target, name, httpServicePort(ctx.object.value.spec ?? {}));
  if (typeof made === 'string') return made;
  const insert = insertObjects(
    ctx,
    [made.object],
    `added by portguard: serves Service/${name} instead of its node port`,
  );
  if (typeof insert === 'string') return insert;
  const what = target === 'ingress' ? 'an Ingress' : 'an HTTPRoute';
  return {
    title: `Change Service "${name}" to ClusterIP and add ${what} "${made.name}"`,
    edits: [type, ...drop, insert],
  };
}
