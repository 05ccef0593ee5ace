// labelSelector and fieldSelector as the API server parses them: `a=b`, `a!=b`, `a in (x,y)`, `!a`…

type KubeObject = Record<string, any>;
export type ObjectFilter = (obj: KubeObject) => boolean;

/** Thrown for a selector the server cannot parse; the server answers 400 BadRequest. */
export class SelectorError extends Error {}

/** Splits on commas that are not inside `( … )`. */
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(cur);
      cur = '';
    } else cur += ch;
  }
  terms.push(cur);
  return terms.map((t) => t.trim()).filter((t) => t !== '');
}

/** A label selector (`app=web,tier!=db,env in (a,b),!legacy`) as a predicate on labels. */
export function parseLabelSelector(selector: string | null): ObjectFilter {
  if (!selector) return () => true;
  const tests = splitTerms(selector).map((term): ((labels: Record<string, string>) => boolean) => {
    let m = /^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const [, key, op, list] = m;
      const values = new Set(list.split(',').map((v) => v.trim()));
      return op === 'in'
        ? (l) => key in l && values.has(l[key])
        : (l) => !(key in l) || !values.has(l[key]);
    }
    m = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
    if (m) {
      const [, key, op, value] = m;
      return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
    }
    m = /^(!?)([A-Za-z0-9._/-]+)$/.exec(term);
    if (m) {
      const [, not, key] = m;
      return not ? (l) => !(key in l) : (l) => key in l;
    }
    throw new SelectorError(`unable to parse requirement: "${term}"`);
  });
  return (obj) => {
    const labels = (obj.metadata?.labels ?? {}) as Record<string, string>;
    return tests.every((t) => t(labels));
  };
}

function fieldValue(obj: KubeObject, path: string): string {
  let cur: any = obj;
  for (const part of path.split('.')) cur = cur?.[part];
  return cur === undefined || cur === null ? '' : String(cur);
}

/** A field selector (`metadata.name=web,status.phase!=Running`): equality on dotted paths. */
export function parseFieldSelector(selector: string | null): ObjectFilter {
  if (!selector) return () => true;
  const tests = splitTerms(selector).map((term): ObjectFilter => {
    const m = /^([A-Za-z0-9._-]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid field selector: "${term}"`);
    const [, path, op, value] = m;
    return op === '!='
      ? (o) => fieldValue(o, path) !== value
      : (o) => fieldValue(o, path) === value;
  });
  return (obj) => tests.every((t) => t(obj));
}
