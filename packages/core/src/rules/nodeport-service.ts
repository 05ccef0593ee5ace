// nodeport-service: a Service of type NodePort, which opens its ports on every node.
import { isObject, isService } from '../objects.js';
import { portNumber } from '../port-number.js';
import { tenantOrigin } from '../allowances/lookup.js';
import { judgeNodePorts } from '../allowances/service-ports.js';
import { defineRule } from './define-rule.js';

export default defineRule({
  meta: {
    name: 'nodeport-service',
    severity: 'high',
    description: 'A Service of type NodePort opens a port on every node.',
    rationale:
      "A NodePort Service listens on every node of the cluster, reachable by anything that reaches a node, outside the tenant's NetworkPolicies; tenants share the one node-port range and collide on it. Expose HTTP through an Ingress and anything else through a LoadBalancer without node ports.",
    references: [
      'Kubernetes docs: "Service type NodePort"',
      'Kubernetes multi-tenancy guide: "Network isolation"',
    ],
    fixable: true,
  },
  check(object, context) {
    if (!isService(object) || object.value.spec?.type !== 'NodePort') return;
    const ports: Record<string, any>[] = Array.isArray(object.value.spec.ports)
      ? object.value.spec.ports.filter(isObject)
      : [];
    const nodePorts = ports
      .map((p) => portNumber(p.nodePort))
      .filter((n): n is number => n !== undefined);
    const name = `Service "${object.ref.name}"`;
    const tenant = context.allowances?.capsuleTenant(object);
    if (tenant?.forbidsNodePort) {
      const origin = tenantOrigin(tenant);
      context.report({
        object,
        path: ['spec', 'type'],
        message: `${name} is of type NodePort, which ${origin} forbids (spec.serviceOptions.allowedServices.nodePort: false)`,
        allowance: {
          inside: false,
          forbidden: true,
          text: `${origin} forbids NodePort Services`,
          origin,
        },
        data: { nodePorts },
      });
      return;
    }
    const verdict = judgeNodePorts(object, context);
    context.report({
      object,
      path: ['spec', 'type'],
      message: verdict?.problems.length
        ? `${name} is of type NodePort: ${verdict.problems.join('; ')}`
        : nodePorts.length > 0
          ? `${name} is of type NodePort and opens node port${nodePorts.length > 1 ? 's' : ''} ${nodePorts.join(', ')} on every node`
          : `${name} is of type NodePort and opens a port on every node`,
      allowance: verdict?.note,
      data: { nodePorts },
    });
  },
});
