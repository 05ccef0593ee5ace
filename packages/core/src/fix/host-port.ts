// host-port: drop hostPort (and hostIP) from the container port; reach the pod through a Service.
import { isMap, type Node, type Pair, type YAMLMap } from 'yaml';
import { findPair } from '../parse/source-range.js';
import { containersOf, findPodSpec, isObject, type PodSpecLocation } from '../objects.js';
import { getAt } from '../path.js';
import type { KubeObject } from '../types.js';
import { mapAt, noFix, type FixContext, type Outcome } from './context.js';
import { planExposure, type WantedPort } from './expose.js';
import { targetsFor, TARGET_TITLES } from './targets.js';
import { removePairs } from './yaml-edit.js';
import type { FixSuggestion, TextEdit } from './types.js';

/** Every port of the pod that binds a hostPort: the Service that replaces one maps them all. */
export function hostPortsWanted(pod: PodSpecLocation): WantedPort[] {
  const out: WantedPort[] = [];
  for (const { container } of containersOf(pod)) {
    if (!Array.isArray(container.ports)) continue;
    for (const p of container.ports.filter(isObject)) {
      const w = toWanted(p);
      if (w) out.push(w);
    }
  }
  return out;
}

function toWanted(p: KubeObject): WantedPort | undefined {
  const hostPort = Number(p.hostPort);
  const containerPort = Number(p.containerPort);
  if (!(hostPort > 0) || !(containerPort > 0)) return undefined;
  return {
    name: typeof p.name === 'string' && p.name ? p.name : undefined,
    containerPort,
    port: hostPort,
    protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
  };
}

/** Edits that remove `hostPort` and `hostIP` from the port map the finding points at. */
export function removeHostPortEdits(ctx: FixContext): TextEdit[] | string {
  const portPath = ctx.finding.pathSegments.slice(0, -1);
  const portMap: YAMLMap | undefined = mapAt(ctx, portPath);
  const pair = portMap && findPair(portMap, 'hostPort');
  if (!portMap || !pair || !isMap(portMap)) {
    return 'the hostPort comes from a YAML alias or merge key; edit the anchored value itself';
  }
  const remove = [pair, findPair(portMap, 'hostIP')].filter(Boolean) as Pair<Node, Node | null>[];
  return (
    removePairs(ctx.text, portMap, remove) ??
    'the port is written in a layout portguard cannot edit'
  );
}

export function fixHostPort(ctx: FixContext): Outcome {
  const pod = findPodSpec(ctx.object.value);
  const value = getAt(ctx.object.value, ctx.finding.pathSegments.slice(0, -1));
  const primary = isObject(value) ? toWanted(value) : undefined;
  if (!pod || !primary) return noFix('the port has no containerPort to route a Service to');
  const removal = removeHostPortEdits(ctx);
  if (typeof removal === 'string') return noFix(removal);
  const suggestions: FixSuggestion[] = [];
  let reason: string | undefined;
  for (const target of targetsFor(ctx.options)) {
    const plan = planExposure(ctx, pod, hostPortsWanted(pod), primary, target);
    if (plan.kind === 'none') {
      reason ??= plan.reason;
      continue;
    }
    if (plan.kind === 'reused') {
      suggestions.push({
        id: 'host-port/existing-service',
        rule: 'host-port',
        title: `Remove hostPort ${primary.port}; Service "${plan.service}" already exposes the port`,
        kind: 'suggestion',
        isPreferred: true,
        edits: removal,
      });
      break;
    }
    suggestions.push({
      id: `host-port/${target}`,
      rule: 'host-port',
      title: `Replace hostPort ${primary.port} with ${TARGET_TITLES[target](plan.service, plan.front)}`,
      kind: 'suggestion',
      isPreferred: target === 'service',
      target,
      edits: [...removal, ...plan.edits],
    });
  }
  return suggestions.length ? { suggestions } : noFix(reason ?? 'no remediation applies');
}
