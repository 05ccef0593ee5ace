// RFC 6902 JSON Patch (application/json-patch+json) and RFC 7386 JSON Merge Patch (application/merge-patch+json).
import { StatusError } from '../status.js';
import type { KubeObject } from '../store.js';

const isMap = (v: unknown): v is KubeObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386: maps merge, null deletes, anything else replaces. */
export function mergePatch(original: unknown, patch: unknown): unknown {
  if (!isMap(patch)) return patch;
  const out: KubeObject = isMap(original) ? { ...original } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** RFC 6902 operations; a failed `test` or a missing path is a 422, as kube-apiserver answers. */
export function jsonPatch(original: KubeObject, ops: unknown): KubeObject {
  if (!Array.isArray(ops)) throw new StatusError(400, 'a JSON patch must be a list of operations');
  let doc: unknown = structuredClone(original);
  for (const op of ops) {
    if (!isMap(op) || typeof op.op !== 'string' || typeof op.path !== 'string')
      throw new StatusError(400, `invalid JSON patch operation: ${JSON.stringify(op)}`);
    switch (op.op) {
      case 'add':
        doc = put(doc, pointer(op.path), structuredClone(op.value), true);
        break;
      case 'replace':
        get(doc, pointer(op.path), op.path);
        doc = put(doc, pointer(op.path), structuredClone(op.value), false);
        break;
      case 'remove':
        doc = remove(doc, pointer(op.path), op.path);
        break;
      case 'move':
      case 'copy': {
        if (typeof op.from !== 'string')
          throw new StatusError(400, `JSON patch ${op.op} has no "from"`);
        const value = structuredClone(get(doc, pointer(op.from), op.from));
        if (op.op === 'move') doc = remove(doc, pointer(op.from), op.from);
        doc = put(doc, pointer(op.path), value, true);
        break;
      }
      case 'test':
        if (JSON.stringify(get(doc, pointer(op.path), op.path)) !== JSON.stringify(op.value))
          throw new StatusError(422, `testing value ${op.path} failed`);
        break;
      default:
        throw new StatusError(400, `unknown JSON patch operation "${op.op}"`);
    }
  }
  if (!isMap(doc)) throw new StatusError(422, 'the patched document is not an object');
  return doc;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new StatusError(400, `invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function missing(path: string): StatusError {
  return new StatusError(
    422,
    `the server rejected our request due to an error in our request: doc is missing path: "${path}"`,
  );
}

function get(doc: unknown, segs: string[], path: string): unknown {
  let cur = doc;
  for (const s of segs) {
    if (Array.isArray(cur) && /^\d+$/.test(s) && Number(s) < cur.length) cur = cur[Number(s)];
    else if (isMap(cur) && s in cur) cur = cur[s];
    else throw missing(path);
  }
  return cur;
}

function put(doc: unknown, segs: string[], value: unknown, insert: boolean): unknown {
  if (segs.length === 0) return value;
  const parent = get(doc, segs.slice(0, -1), `/${segs.slice(0, -1).join('/')}`);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) {
    const i = last === '-' ? parent.length : Number(last);
    if (!Number.isInteger(i) || i < 0 || i > parent.length) throw missing(`/${segs.join('/')}`);
    if (insert) parent.splice(i, 0, value);
    else parent[i] = value;
  } else if (isMap(parent)) parent[last] = value;
  else throw missing(`/${segs.join('/')}`);
  return doc;
}

function remove(doc: unknown, segs: string[], path: string): unknown {
  get(doc, segs, path);
  const parent = get(doc, segs.slice(0, -1), path);
  const last = segs[segs.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete (parent as KubeObject)[last];
  return doc;
}
