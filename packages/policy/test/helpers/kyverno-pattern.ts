// A model of Kyverno's documented validate.pattern semantics, enough to run the generated ClusterPolicy on fixtures.
import type { KubeObject } from '@portguard/core';
import { decodeLikeApiServer } from './admission.js';

/**
 * Where Kyverno's auto-gen moves a Pod rule's `spec` for each controller kind (its documented
 * default set). Other kinds are not covered by Pod rules.
 */
const AUTOGEN: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const isMap = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function globMatch(pattern: string, value: string): boolean {
  const re = pattern
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`).test(value);
}

/** Scalars: numbers and booleans by equality, `!x` negation, `*` wildcards in strings. */
function scalarMatches(pattern: unknown, value: unknown): boolean {
  if (typeof pattern === 'number') return Number(value) === pattern;
  if (typeof pattern === 'boolean') return value === pattern;
  if (typeof pattern === 'string') {
    if (pattern.startsWith('!')) return String(value) !== pattern.slice(1);
    return value !== undefined && value !== null && globMatch(pattern, String(value));
  }
  return pattern === value;
}

/**
 * `=(k)`: checked only where present; `X(k)`: must be absent; a plain key must be present.
 * A one-element array pattern applies to every element of the resource's array.
 */
export function patternMatches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value)) return false;
    return value.every((item) => pattern.some((p) => patternMatches(p, item)));
  }
  if (isMap(pattern)) {
    if (!isMap(value)) return false;
    for (const [rawKey, sub] of Object.entries(pattern)) {
      const anchor = /^([=X])\((.+)\)$/.exec(rawKey);
      const key = anchor ? anchor[2] : rawKey;
      const present = Object.hasOwn(value, key) && value[key] !== null;
      if (anchor?.[1] === 'X') {
        if (present) return false;
      } else if (anchor?.[1] === '=') {
        if (present && !patternMatches(sub, value[key])) return false;
      } else if (!present || !patternMatches(sub, value[key])) {
        return false;
      }
    }
    return true;
  }
  return scalarMatches(pattern, value);
}

function matchesKinds(kinds: string[], kind: string): boolean {
  return kinds.some((k) => k === kind || k.endsWith(`/${kind}`) || k === '*');
}

/** The names of the rules of a ClusterPolicy that the object fails (auto-gen applied). */
export function failedRules(policy: KubeObject, manifest: KubeObject): string[] {
  const object = decodeLikeApiServer(manifest) as KubeObject;
  const failed: string[] = [];
  const namespace = object.metadata?.namespace ?? 'default';
  for (const rule of policy.spec.rules) {
    const kinds: string[] = rule.match.any.flatMap((m: KubeObject) => m.resources.kinds ?? []);
    const excluded: string[] = (rule.exclude?.any ?? []).flatMap(
      (m: KubeObject) => m.resources.namespaces ?? [],
    );
    if (excluded.includes(namespace)) continue;
    let target: unknown;
    if (matchesKinds(kinds, object.kind)) target = object;
    else if (kinds.includes('Pod') && AUTOGEN[object.kind]) {
      // Auto-gen rewrites the Pod rule's `spec:` to the controller's pod template spec.
      target = { spec: AUTOGEN[object.kind].reduce<any>((o, k) => o?.[k], object) };
    } else continue;
    if (!patternMatches(rule.validate.pattern, target)) failed.push(rule.name);
  }
  return failed.sort();
}
