// Edits shared by the Service remediations: drop nodePort fields, set the type, add node-port opt-out.
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { findPair } from '../parse/source-range.js';
import { isObject } from '../objects.js';
import type { FixContext } from './context.js';
import { isHttpLike } from './expose.js';
import { insertPair, removePairs, replaceScalar } from './yaml-edit.js';
import type { HttpPort } from './http-front.js';
import type { TextEdit } from './types.js';

type AnyPair = Pair<Node, Node | null>;

/** Removes `nodePort` from every port of a Service spec (and the listed spec keys). */
export function dropNodePorts(
  ctx: FixContext,
  spec: YAMLMap,
  specKeys: readonly string[] = [],
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const ports = findPair(spec, 'ports')?.value;
  if (isSeq(ports)) {
    for (const item of ports.items) {
      if (!isMap(item)) continue;
      const pair = findPair(item as Node, 'nodePort') as AnyPair | undefined;
      if (!pair) continue;
      const e = removePairs(ctx.text, item as YAMLMap, [pair]);
      if (!e) return undefined;
      edits.push(...e);
    }
  }
  const extra = specKeys
    .map((k) => findPair(spec, k) as AnyPair | undefined)
    .filter((p): p is AnyPair => p !== undefined);
  if (extra.length) {
    const e = removePairs(ctx.text, spec, extra);
    if (!e) return undefined;
    edits.push(...e);
  }
  return edits;
}

/** `type: NodePort` → `type: <type>`, keeping the value's quoting. */
export function setType(spec: YAMLMap, type: string): TextEdit | undefined {
  const value = findPair(spec, 'type')?.value as Node | undefined;
  return value ? replaceScalar(value, type) : undefined;
}

/** Sets `allocateLoadBalancerNodePorts: false`: rewrites an existing value or adds the key after `type`. */
export function disableNodePorts(ctx: FixContext, spec: YAMLMap): TextEdit | undefined {
  const existing = findPair(spec, 'allocateLoadBalancerNodePorts') as AnyPair | undefined;
  if (existing) {
    const v = existing.value;
    return isScalar(v) && v.range ? { range: [v.range[0], v.range[1]], text: 'false' } : undefined;
  }
  const key = ctx.style.json ? '"allocateLoadBalancerNodePorts"' : 'allocateLoadBalancerNodePorts';
  const after = findPair(spec, 'type') as AnyPair | undefined;
  return insertPair(
    ctx.text,
    ctx.style,
    spec,
    { block: [`${key}: false`], flow: `${key}: false` },
    after ? { after } : {},
  );
}

/** The first port of a Service spec that an Ingress or HTTPRoute can serve: its number and name. */
export function httpServicePort(spec: Record<string, any>): HttpPort | undefined {
  const ports: Record<string, any>[] = Array.isArray(spec.ports) ? spec.ports.filter(isObject) : [];
  for (const q of ports) {
    const protocol = typeof q.protocol === 'string' ? q.protocol : 'TCP';
    const port = Number(q.port);
    const target = q.targetPort;
    const http =
      isHttpLike(typeof q.name === 'string' ? q.name : undefined, port, protocol) ||
      (typeof target === 'string' && isHttpLike(target, port, protocol)) ||
      (typeof target === 'number' && isHttpLike(undefined, target, protocol));
    if (http && port > 0)
      return typeof q.name === 'string' && q.name ? { name: q.name, port } : { port };
  }
  return undefined;
}
