// Names the resource a REST path asks for, as kubectl words it in errors: `list pods in namespace "a"`.

/** `list deployments.apps`, `get namespace "a"`, `read API discovery (/apis)`: what a GET of `path` does. */
export function describeRequest(path: string): string {
  const [p, q = ''] = path.split('?');
  const watch = /(^|&)watch=(true|1)(&|$)/.test(q);
  const segs = p.split('/').filter(Boolean);
  let group = '';
  let rest: string[];
  if (segs[0] === 'api' && segs.length >= 3) rest = segs.slice(2);
  else if (segs[0] === 'apis' && segs.length >= 4) {
    group = segs[1];
    rest = segs.slice(3);
  } else return `read API discovery (${p})`;
  let ns: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    ns = decodeURIComponent(rest[1]);
    rest = rest.slice(2);
  }
  const resource = group ? `${rest[0]}.${group}` : rest[0];
  const where = ns !== undefined ? ` in namespace "${ns}"` : '';
  if (rest.length >= 2) {
    const singular = resource.replace(/^namespaces$/, 'namespace');
    return `get ${singular} "${decodeURIComponent(rest[1])}"${where}`;
  }
  return `${watch ? 'watch' : 'list'} ${resource}${where}`;
}
