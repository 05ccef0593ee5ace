// host-network: drop hostNetwork (and its dnsPolicy); reach the declared ports through a Service.
import type { Node, Pair } from 'yaml';
import { findPair } from '../parse/source-range.js';
import { containersOf, findPodSpec, isObject, type PodSpecLocation } from '../objects.js';
import { NO_PORTS_REASON } from '../rules/host-network.js';
import { mapAt, noFix, type FixContext, type Outcome } from './context.js';
import { coveringService, planExposure, podLabels, type WantedPort } from './expose.js';
import { targetsFor, TARGET_TITLES } from './targets.js';
import { removePairs } from './yaml-edit.js';
import type { FixSuggestion } from './types.js';

export { NO_PORTS_REASON };

/** Every declared container port: with hostNetwork the pod listened on each one at the node. */
export function declaredPorts(pod: PodSpecLocation): WantedPort[] {
  const out: WantedPort[] = [];
  for (const { container } of containersOf(pod)) {
    if (!Array.isArray(container.ports)) continue;
    for (const p of container.ports.filter(isObject)) {
      const containerPort = Number(p.containerPort);
      if (!(containerPort > 0)) continue;
      out.push({
        name: typeof p.name === 'string' && p.name ? p.name : undefined,
        containerPort,
        port: containerPort,
        protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP',
      });
    }
  }
  return out;
}

export function fixHostNetwork(ctx: FixContext): Outcome {
  const pod = findPodSpec(ctx.object.value);
  if (!pod) return noFix('no pod spec found');
  const wanted = declaredPorts(pod);
  if (wanted.length === 0) return noFix(NO_PORTS_REASON);
  const spec = mapAt(ctx, pod.path);
  const hostNetwork = spec && findPair(spec, 'hostNetwork');
  if (!spec || !hostNetwork)
    return noFix(
      'hostNetwork comes from a YAML alias or merge key; edit the anchored value itself',
    );
  const dns = findPair(spec, 'dnsPolicy');
  const remove = [hostNetwork] as Pair<Node, Node | null>[];
  if (dns && pod.spec.dnsPolicy === 'ClusterFirstWithHostNet')
    remove.push(dns as Pair<Node, Node | null>);
  const removal = removePairs(ctx.text, spec, remove);
  if (!removal) return noFix('the pod spec is written in a layout portguard cannot edit');
  const labels = podLabels(ctx.object.value, pod);
  const uncovered = Object.keys(labels).length
    ? wanted.filter((p) => !coveringService(ctx, labels, p))
    : wanted;
  if (uncovered.length === 0) {
    return {
      suggestions: [
        {
          id: 'host-network/existing-service',
          rule: 'host-network',
          title: 'Remove hostNetwork; Services of this file already expose every declared port',
          kind: 'suggestion',
          isPreferred: true,
          edits: removal,
        },
      ],
    };
  }
  const suggestions: FixSuggestion[] = [];
  let reason: string | undefined;
  for (const target of targetsFor(ctx.options)) {
    const plan = planExposure(ctx, pod, uncovered, uncovered[0], target);
    if (plan.kind === 'none' || plan.kind === 'reused') {
      reason ??= plan.kind === 'none' ? plan.reason : undefined;
      continue;
    }
    suggestions.push({
      id: `host-network/${target}`,
      rule: 'host-network',
      title: `Replace hostNetwork with ${TARGET_TITLES[target](plan.service, plan.front)}`,
      kind: 'suggestion',
      isPreferred: target === 'service',
      target,
      edits: [...removal, ...plan.edits],
    });
  }
  return suggestions.length ? { suggestions } : noFix(reason ?? 'no remediation applies');
}
