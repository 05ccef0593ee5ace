// Field paths: segments in, the kubectl-style dotted string out.
import type { PathSegment } from './types.js';

/** `['spec', 'containers', 0, 'ports', 1, 'hostPort']` → `spec.containers[0].ports[1].hostPort` */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Reads a value at a path of a plain object; undefined when any step is missing. */
export function getAt(value: unknown, path: readonly PathSegment[]): unknown {
  let cur: any = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[seg as any];
  }
  return cur;
}
