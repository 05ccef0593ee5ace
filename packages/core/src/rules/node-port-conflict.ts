import { isObject, isService } from '../objects.js';
import type { ManifestObject, PathSegment } from '../types.js';
import { defineRule } from './define-rule.js';

interface NodePortUse {
  object: ManifestObject;
  path: PathSegment[];
  port: number;
}

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
      if (!isService(object)) continue;
      const ports = object.value.spec?.ports;
      if (!Array.isArray(ports)) continue;
      const seen = new Set<number>();
      ports.forEach((p: unknown, i: number) => {
        if (!isObject(p)) return;
        const port = Number(p.nodePort);
        if (!Number.isInteger(port) || port <= 0 || seen.has(port)) return;
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
          message: `nodePort ${port} is also requested by ${others.map((o) => `Service ${o.object.ref.namespace ?? ''}/${o.object.ref.name}`).join(', ')}`,
          related: others.map((o) => ({
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
