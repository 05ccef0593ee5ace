// Reads the `allow:` list of `.portguard.yaml`: per tenant or namespace pattern, host ports and node ports with a reason.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { globsOverlap } from '../allowances/glob-overlap.js';
import {
  formatPortRange,
  parsePortRange,
  PortRangeError,
  rangesOverlap,
  type PortRange,
} from '../allowances/port-range.js';
import type { Allowance } from './config.js';

export const ALLOW_KEYS = ['tenant', 'namespace', 'hostPorts', 'nodePorts', 'reason'];

type Fail = (node: Node | null | undefined, problem: string) => never;

/** Ranges with the node each was written at, so an overlap can be pinned to its line. */
interface Written {
  allowance: Allowance;
  where: string;
  nodes: Record<'hostPorts' | 'nodePorts', Node[]>;
}

/**
 * The allowances of `value` (the `allow:` node). Every mistake fails on its own node: a range
 * whose start is above its end, a port outside 1–65535, an unknown protocol, a missing reason,
 * and two allowances for overlapping tenants or namespaces whose ranges overlap with different
 * reasons (which reason would a port inside both carry?).
 */
export function readAllowances(
  value: Node | null,
  file: string,
  lineOf: (node: Node | null | undefined) => number,
  fail: Fail,
): Allowance[] {
  if (!isSeq(value)) return fail(value, 'key "allow": expected a list');
  const written = (value.items as Node[]).map((item, i) =>
    readOne(item, `allow[${i}]`, `${file}:${lineOf(item)}`, fail),
  );
  for (let j = 1; j < written.length; j++)
    for (let i = 0; i < j; i++) checkAgreement(written[i], written[j], lineOf, fail);
  return written.map((w) => w.allowance);
}

function readOne(item: Node, where: string, origin: string, fail: Fail): Written {
  if (!isMap(item))
    return fail(
      item,
      `key "${where}": expected a mapping with tenant or namespace, hostPorts, nodePorts and reason`,
    );
  const allowance: Allowance = { hostPorts: [], nodePorts: [], reason: '', origin };
  const nodes: Written['nodes'] = { hostPorts: [], nodePorts: [] };
  for (const p of item.items as Pair<Node, Node>[]) {
    const k = String((p.key as any)?.value);
    if (!ALLOW_KEYS.includes(k))
      fail(p.key, `key "${where}.${k}": unknown key (expected one of ${ALLOW_KEYS.join(', ')})`);
    if (k === 'hostPorts' || k === 'nodePorts') {
      const v = p.value;
      const items = isSeq(v) ? (v.items as Node[]) : isScalar(v) ? [v as Node] : null;
      if (!items)
        fail(
          v ?? p.key,
          `key "${where}.${k}": expected a list of ports and ranges like "9000-9100"`,
        );
      items!.forEach((n, i) => {
        const key = isSeq(v) ? `${where}.${k}[${i}]` : `${where}.${k}`;
        const raw = isScalar(n) ? n.value : undefined;
        if (typeof raw !== 'string' && typeof raw !== 'number')
          fail(n, `key "${key}": expected a port or a range like "9000-9100"`);
        try {
          allowance[k].push(parsePortRange(raw as string | number));
          nodes[k].push(n);
        } catch (e) {
          if (!(e instanceof PortRangeError)) throw e;
          fail(n, `key "${key}": ${e.message}`);
        }
      });
      continue;
    }
    if (!isScalar(p.value) || typeof p.value.value !== 'string' || !p.value.value.trim())
      fail(p.value ?? p.key, `key "${where}.${k}": expected a non-empty string`);
    (allowance as any)[k] = ((p.value as any).value as string).trim();
  }
  if (allowance.tenant !== undefined && allowance.namespace !== undefined)
    fail(item, `key "${where}": give tenant or namespace, not both`);
  if (allowance.tenant === undefined && allowance.namespace === undefined)
    fail(item, `key "${where}": an allowance needs a tenant or a namespace`);
  if (!allowance.reason) fail(item, `key "${where}.reason": an allowance needs a reason`);
  if (allowance.hostPorts.length === 0 && allowance.nodePorts.length === 0)
    fail(item, `key "${where}": an allowance needs hostPorts or nodePorts`);
  return { allowance, where, nodes };
}

/** `tenant shop`, `namespace team-*`: who an allowance is for, as messages say it. */
export function allowanceSubject(a: Pick<Allowance, 'tenant' | 'namespace'>): string {
  return a.tenant !== undefined ? `tenant ${a.tenant}` : `namespace ${a.namespace}`;
}

function sameScope(a: Allowance, b: Allowance): boolean {
  if (a.tenant !== undefined && b.tenant !== undefined) return globsOverlap(a.tenant, b.tenant);
  if (a.namespace !== undefined && b.namespace !== undefined)
    return globsOverlap(a.namespace, b.namespace);
  return false;
}

function checkAgreement(
  first: Written,
  second: Written,
  lineOf: (node: Node | null | undefined) => number,
  fail: Fail,
): void {
  const a = first.allowance;
  const b = second.allowance;
  if (a.reason === b.reason || !sameScope(a, b)) return;
  for (const k of ['hostPorts', 'nodePorts'] as const) {
    b[k].forEach((rb: PortRange, i) => {
      const ia = a[k].findIndex((ra) => rangesOverlap(ra, rb));
      if (ia < 0) return;
      fail(
        second.nodes[k][i],
        `key "${second.where}.${k}[${i}]": ${formatPortRange(rb)} overlaps ${formatPortRange(a[k][ia])} of ${first.where} (line ${lineOf(first.nodes[k][ia])}), which gives ${allowanceSubject(a)} another reason; merge them or split the ranges`,
      );
    });
  }
}
