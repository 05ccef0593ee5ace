// A model of Kyverno's documented validate.pattern semantics, enough to run the generated ClusterPolicy on fixtures.
import jmespath from 'jmespath';
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

/** Kyverno's label selector: matchLabels and the four matchExpressions operators. */
function selectorMatches(selector: KubeObject, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}))
    if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const ok =
      e.operator === 'In'
        ? has && e.values.includes(labels[e.key])
        : e.operator === 'NotIn'
          ? !has || !e.values.includes(labels[e.key])
          : e.operator === 'Exists'
            ? has
            : e.operator === 'DoesNotExist'
              ? !has
              : (() => {
                  throw new Error(`unknown selector operator ${e.operator}`);
                })();
    if (!ok) return false;
  }
  return true;
}

/** One `resources` filter: kinds, `namespaces` (with `*` wildcards) and `namespaceSelector`, ANDed. */
function resourcesMatch(
  r: KubeObject,
  kind: string,
  namespace: string,
  labels: Record<string, string>,
  kindMatters: boolean,
): boolean {
  if (kindMatters && r.kinds && !matchesKinds(r.kinds, kind)) return false;
  if (r.namespaces && !r.namespaces.some((p: string) => globMatch(p, namespace))) return false;
  if (r.namespaceSelector && !selectorMatches(r.namespaceSelector, labels)) return false;
  return true;
}

/** `8080` or `9000-9100`: Kyverno's In/NotIn operands, ranges inclusive. */
function inValues(item: unknown, values: unknown[]): boolean {
  return values.some((v) => {
    const m = /^(\d+)-(\d+)$/.exec(String(v));
    if (m) return Number(item) >= Number(m[1]) && Number(item) <= Number(m[2]);
    return String(v) === String(item);
  });
}

/** Evaluates one deny condition: `{{ jmespath }}` keys against the request, as Kyverno substitutes them. */
function conditionHolds(c: KubeObject, request: KubeObject): boolean {
  const m = /^\{\{\s*(.+?)\s*\}\}$/.exec(String(c.key));
  const key = m ? jmespath.search(request, m[1]) : c.key;
  const values = Array.isArray(c.value) ? c.value : [c.value];
  switch (c.operator) {
    case 'AnyNotIn': {
      const items = Array.isArray(key) ? key : key === null || key === undefined ? [] : [key];
      return items.some((item) => !inValues(item, values));
    }
    case 'GreaterThan':
      return Number(key) > Number(c.value);
    case 'Equals':
      return String(key) === String(c.value);
    default:
      throw new Error(`unknown condition operator ${c.operator}`);
  }
}

/** `deny.conditions`: refused when every `all` condition and at least one `any` condition hold. */
function denied(conditions: KubeObject, request: KubeObject): boolean {
  const all: KubeObject[] = conditions.all ?? [];
  const any: KubeObject[] | undefined = conditions.any;
  return (
    all.every((c) => conditionHolds(c, request)) &&
    (any === undefined || any.some((c) => conditionHolds(c, request)))
  );
}

/**
 * The names of the rules of a ClusterPolicy that the object fails (auto-gen applied), in
 * namespace `metadata.namespace` (or `default`) whose Namespace carries `namespaceLabels`.
 */
export function failedRules(
  policy: KubeObject,
  manifest: KubeObject,
  namespaceLabels: Record<string, string> = {},
): string[] {
  const object = decodeLikeApiServer(manifest) as KubeObject;
  const failed: string[] = [];
  const namespace = object.metadata?.namespace ?? 'default';
  const labels = { ...namespaceLabels, 'kubernetes.io/metadata.name': namespace };
  for (const rule of policy.spec.rules) {
    const kinds: string[] = rule.match.any.flatMap((m: KubeObject) => m.resources.kinds ?? []);
    const excluded = (rule.exclude?.any ?? []).some((m: KubeObject) =>
      resourcesMatch(m.resources, object.kind, namespace, labels, false),
    );
    if (excluded) continue;
    const matchedHere = rule.match.any.some((m: KubeObject) =>
      resourcesMatch(m.resources, object.kind, namespace, labels, false),
    );
    if (!matchedHere) continue;
    let target: unknown;
    if (matchesKinds(kinds, object.kind)) target = object;
    else if (kinds.includes('Pod') && AUTOGEN[object.kind]) {
      // Auto-gen rewrites the Pod rule's `spec` (and request.object.spec) to the pod template spec.
      target = { ...object, spec: AUTOGEN[object.kind].reduce<any>((o, k) => o?.[k], object) };
    } else continue;
    const fails = rule.validate.deny
      ? denied(rule.validate.deny.conditions, { request: { object: target } })
      : !patternMatches(rule.validate.pattern, target);
    if (fails) failed.push(rule.name);
  }
  return failed.sort();
}
