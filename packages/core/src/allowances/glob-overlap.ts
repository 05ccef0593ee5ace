// Whether two `*` globs can match the same name, so two allowances can apply to one namespace.

/**
 * True when some string matches both patterns (`team-*` and `*-prod` do: `team-prod`). Only `*`
 * is special, as in the rest of the config.
 */
export function globsOverlap(p: string, q: string): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (q.length + 1) + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let out: boolean;
    if (i === p.length && j === q.length) out = true;
    else if (i < p.length && p[i] === '*') out = go(i + 1, j) || (j < q.length && go(i, j + 1));
    else if (j < q.length && q[j] === '*') out = go(i, j + 1) || (i < p.length && go(i + 1, j));
    else out = i < p.length && j < q.length && p[i] === q[j] && go(i + 1, j + 1);
    memo.set(key, out);
    return out;
  };
  return go(0, 0);
}
