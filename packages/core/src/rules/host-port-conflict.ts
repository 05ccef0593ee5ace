// host-port-conflict: workloads of different tenants that ask for the same hostPort/protocol.
import { formatPath } from '../path.js';
import { describeRef, isObject } from '../objects.js';
import { MAX_RELATED, NAMED, nameFirst } from '../name-some.js';
import { hostPortsOf, nodesCanOverlap, type HostPortUse } from '../host-ports.js';
import { defineRule } from './define-rule.js';

/** True when nothing keeps the pod off any node: no hostIP, nodeName or nodeSelector. */
function unplaced(u: HostPortUse): boolean {
  const s = u.podSpec;
  return (
    !u.hostIP &&
    typeof s.nodeName !== 'string' &&
    !(isObject(s.nodeSelector) && Object.keys(s.nodeSelector).length > 0)
  );
}

/** True when no name stands for objects of two tenants (so names can be counted per tenant). */
function namesBelongToOneTenant(
  names: readonly string[],
  tenants: readonly (string | undefined)[],
): boolean {
  const tenantOf = new Map<string, string | undefined>();
  for (let i = 0; i < names.length; i++) {
    if (tenantOf.has(names[i]) && tenantOf.get(names[i]) !== tenants[i]) return false;
    tenantOf.set(names[i], tenants[i]);
  }
  return true;
}

export default defineRule({
  meta: {
    name: 'host-port-conflict',
    severity: 'medium',
    description:
      'Workloads of different tenants ask for the same hostPort and protocol on nodes that can overlap.',
    rationale:
      "Only one pod per node can bind a hostPort/protocol. When two tenants ask for the same one, whichever is scheduled second stays Pending on that node: one tenant can starve another, or squat a port to intercept the other's traffic.",
    references: [
      'CIS Kubernetes Benchmark 5.2.13',
      'Kubernetes docs: "Configuration best practices: hostPort"',
    ],
    fixable: false,
  },
  checkAll(objects, context) {
    const byPort = new Map<string, HostPortUse[]>();
    for (const object of objects) {
      for (const use of hostPortsOf(object)) {
        const key = `${use.port}/${use.protocol}`;
        const list = byPort.get(key) ?? [];
        list.push(use);
        byPort.set(key, list);
      }
    }
    for (const [key, uses] of byPort) {
      if (uses.length < 2) continue;
      const tenants = uses.map((u) => context.tenantOf(u.object.ref.namespace));
      const names = uses.map((u) => describeRef(u.object.ref));
      const report = (
        use: HostPortUse,
        others: readonly HostPortUse[],
        count: number,
        total: number,
        named: string[],
      ) =>
        context.report({
          object: use.object,
          path: use.path,
          message: `hostPort ${key} is also requested by ${nameFirst(named, total, 'workloads of other tenants', 'of another tenant')}`,
          // N workloads on one port would give N² related locations: keep the first few.
          related: others.slice(0, MAX_RELATED).map((o) => ({
            object: o.object,
            path: o.path,
            message: `also asks for hostPort ${key} (${formatPath(o.path)})`,
          })),
          data: { port: use.port, protocol: use.protocol, others: count },
        });
      if (uses.every(unplaced) && namesBelongToOneTenant(names, tenants)) {
        // Every pod may land on every node: the others are the uses of the other tenants, and
        // counting per tenant keeps a port shared by thousands linear.
        const perTenant = new Map<string | undefined, { uses: number; names: Set<string> }>();
        const allNames = new Set(names);
        uses.forEach((_, i) => {
          const t = perTenant.get(tenants[i]) ?? { uses: 0, names: new Set<string>() };
          t.uses++;
          t.names.add(names[i]);
          perTenant.set(tenants[i], t);
        });
        uses.forEach((use, i) => {
          const own = perTenant.get(tenants[i])!;
          const count = uses.length - own.uses;
          if (count === 0) return;
          const first: HostPortUse[] = [];
          const named: string[] = [];
          for (
            let j = 0;
            j < uses.length && (first.length < MAX_RELATED || named.length < NAMED);
            j++
          ) {
            if (tenants[j] === tenants[i]) continue;
            if (first.length < MAX_RELATED) first.push(uses[j]);
            if (named.length < NAMED && !named.includes(names[j])) named.push(names[j]);
          }
          report(use, first, count, allNames.size - own.names.size, named);
        });
        continue;
      }
      uses.forEach((use, i) => {
        const others = uses.filter(
          (o, j) => o.object !== use.object && tenants[j] !== tenants[i] && nodesCanOverlap(use, o),
        );
        if (others.length === 0) return;
        const unique = [...new Set(others.map((o) => describeRef(o.object.ref)))];
        report(use, others, others.length, unique.length, unique.slice(0, NAMED));
      });
    }
  },
});
