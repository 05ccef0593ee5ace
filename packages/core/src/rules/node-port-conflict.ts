// node-port-conflict: two Services that ask for the same explicit nodePort.
import { describeRef, isObject, isService } from '../objects.js';
import { portNumber } from '../port-number.js';
import { MAX_RELATED, nameSome } from '../name-some.js';
import type { ManifestObject, PathSegment } from '../types.js';
import { defineRule } from './define-rule.js';

interface NodePortUse {
  object: ManifestObject;
  path: PathSegment[];
  port: number;
}

const NODE_PORT_TYPES = new Set(['NodePort', 'LoadBalancer']);

export default defineRule({
  meta: {
    name: 'node-port-conflict',
    severity: 'high',
    description: 'Two Services ask for the same explicit nodePort.',
    rationale:
      'The node-port range is one pool shared by every tenant. The second Service that asks for a taken nodePort is refused by the API server, so one tenant can block another by squatting a port.',
    references: ['Kubernetes docs: "Service type NodePort: choosing your own port"'],
    fixable: false,
  },
  checkAll(objects, context) {
    const byPort = new Map<number, NodePortUse[]>();
    for (const object of objects) {
      // Only these types keep node ports; the API server refuses a nodePort on any other.
      if (!isService(object) || !NODE_PORT_TYPES.has(object.value.spec?.type)) continue;
      const ports = object.value.spec?.ports;
      if (!Array.isArray(ports)) continue;
      const seen = new Set<number>();
      ports.forEach((p: unknown, i: number) => {
        if (!isObject(p)) return;
        const port = portNumber(p.nodePort);
        if (port === undefined || seen.has(port)) return;
        seen.add(port);
        const list = byPort.get(port) ?? [];
        list.push({ object, path: ['spec', 'ports', i, 'nodePort'], port });
        byPort.set(port, list);
      });
    }
    for (const [port, uses] of byPort) {
      if (uses.length < 2) continue;
      for (const use of uses) {
        const others = uses.filter((o) => o.object !== use.object);
        context.report({
          object: use.object,
          path: use.path,
          message: `nodePort ${port} is also requested by ${nameSome(
            others.map((o) => describeRef(o.object.ref)),
            'Services',
            '',
          )}`,
          related: others.slice(0, MAX_RELATED).map((o) => ({
            object: o.object,
            path: o.path,
            message: `also asks for nodePort ${port}`,
          })),
          data: { nodePort: port },
        });
      }
    }
  },
});
