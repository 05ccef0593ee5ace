// Strategic merge patch, as kubectl apply (client side) sends it for built-in kinds: keyed list merges and $-directives.
import type { KubeObject } from '../store.js';

/**
 * The merge key of a list field, as the Kubernetes Go types declare it (`patchMergeKey`).
 * Lists not named here are atomic: the patch's list replaces the original's.
 */
function mergeKeyOf(field: string, items: unknown[]): string | undefined {
  switch (field) {
    case 'containers':
    case 'initContainers':
    case 'ephemeralContainers':
    case 'env':
    case 'volumes':
    case 'imagePullSecrets':
    case 'resourceClaims':
    case 'schedulingGates':
      return 'name';
    case 'volumeMounts':
      return 'mountPath';
    case 'volumeDevices':
      return 'devicePath';
    case 'hostAliases':
      return 'ip';
    case 'ownerReferences':
      return 'uid';
    case 'conditions':
      return 'type';
    case 'topologySpreadConstraints':
      return 'topologyKey';
    case 'ports':
      // Container ports merge on containerPort, Service ports on port.
      return items.some((i) => isMap(i) && 'containerPort' in i) ? 'containerPort' : 'port';
    default:
      return undefined;
  }
}

/** Primitive lists whose patch strategy is merge (a set union) rather than replace. */
const MERGED_PRIMITIVE_LISTS = new Set(['finalizers']);

const isMap = (v: unknown): v is KubeObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Applies a strategic merge patch to `original` (not changed) and returns the result. */
export function strategicMerge(original: KubeObject, patch: KubeObject): KubeObject {
  return mergeMap(original, patch) ?? {};
}

function mergeMap(original: KubeObject | undefined, patch: KubeObject): KubeObject | undefined {
  const directive = patch.$patch;
  if (directive === 'delete') return undefined;
  if (directive === 'replace') return stripDirectives(patch);
  const out: KubeObject = isMap(original) ? { ...original } : {};
  const orders = new Map<string, unknown[]>();
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys') continue;
    if (key.startsWith('$setElementOrder/')) {
      if (Array.isArray(value)) orders.set(key.slice('$setElementOrder/'.length), value);
      continue;
    }
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[field]) && Array.isArray(value))
        out[field] = out[field].filter((x: unknown) => !value.includes(x));
      continue;
    }
    if (value === null) {
      delete out[key];
      continue;
    }
    if (isMap(value)) {
      const merged = mergeMap(out[key], value);
      if (merged === undefined) delete out[key];
      else out[key] = merged;
    } else if (Array.isArray(value)) {
      out[key] = mergeList(key, out[key], value);
    } else out[key] = value;
  }
  for (const [field, order] of orders)
    if (Array.isArray(out[field])) out[field] = reorder(field, out[field], order);
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set(patch.$retainKeys.map(String));
    for (const key of Object.keys(out)) if (!keep.has(key)) delete out[key];
  }
  return out;
}

function mergeList(field: string, original: unknown, patch: unknown[]): unknown[] {
  const base = Array.isArray(original) ? original : [];
  if (patch.some((i) => isMap(i) && i.$patch === 'replace'))
    return patch.filter((i) => !(isMap(i) && i.$patch === 'replace')).map(stripAny);
  if (patch.every((i) => !isMap(i))) {
    if (!MERGED_PRIMITIVE_LISTS.has(field)) return patch;
    return [...base, ...patch.filter((x) => !base.includes(x))];
  }
  const key = mergeKeyOf(field, [...base, ...patch]);
  if (key === undefined) return patch.map(stripAny);
  const out = [...base];
  for (const item of patch) {
    if (!isMap(item)) continue;
    const i = out.findIndex((o) => isMap(o) && o[key] === item[key]);
    if (item.$patch === 'delete') {
      if (i >= 0) out.splice(i, 1);
      continue;
    }
    if (i >= 0) out[i] = mergeMap(out[i] as KubeObject, item);
    else out.push(stripDirectives(item));
  }
  return out.filter((x) => x !== undefined);
}

/** Orders a merged list as `$setElementOrder` says; items it does not name keep their place after. */
function reorder(field: string, list: unknown[], order: unknown[]): unknown[] {
  const key = mergeKeyOf(field, list);
  const id = (x: unknown) => (isMap(x) && key !== undefined ? x[key] : x);
  const wanted = order.map(id);
  const rank = (x: unknown) => {
    const r = wanted.indexOf(id(x));
    return r < 0 ? wanted.length : r;
  };
  return list
    .map((x, i) => ({ x, i }))
    .sort((a, b) => rank(a.x) - rank(b.x) || a.i - b.i)
    .map((e) => e.x);
}

function stripAny(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripAny);
  return isMap(v) ? stripDirectives(v) : v;
}

function stripDirectives(m: KubeObject): KubeObject {
  const out: KubeObject = {};
  for (const [k, v] of Object.entries(m)) {
    if (k.startsWith('$')) continue;
    out[k] = stripAny(v);
  }
  return out;
}
