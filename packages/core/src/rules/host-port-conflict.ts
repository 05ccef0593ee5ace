// host-port-conflict: workloads of different tenants that ask for the same hostPort/protocol.
import { formatPath } from '../path.js';
import { describeRef } from '../objects.js';
import { MAX_RELATED, nameSome } from '../name-some.js';
import { hostPortsOf, nodesCanOverlap, type HostPortUse } from '../host-ports.js';
import { defineRule } from './define-rule.js';

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
      for (const use of uses) {
        const tenant = context.tenantOf(use.object.ref.namespace);
        const others = uses.filter(
          (o) =>
            o.object !== use.object &&
            context.tenantOf(o.object.ref.namespace) !== tenant &&
            nodesCanOverlap(use, o),
        );
        if (others.length === 0) continue;
        const names = [...new Set(others.map((o) => describeRef(o.object.ref)))];
        context.report({
          object: use.object,
          path: use.path,
          message: `hostPort ${key} is also requested by ${nameSome(names, 'workloads of other tenants', 'of another tenant')}`,
          // N workloads on one port would give N² related locations: keep the first few.
          related: others.slice(0, MAX_RELATED).map((o) => ({
            object: o.object,
            path: o.path,
            message: `also asks for hostPort ${key} (${formatPath(o.path)})`,
          })),
          data: { port: use.port, protocol: use.protocol, others: others.length },
        });
      }
    }
  },
});
