// loadbalancer-node-ports: a LoadBalancer Service that still opens node ports on every node.
import { isService } from '../objects.js';
import { tenantOrigin } from '../allowances/lookup.js';
import { judgeNodePorts } from '../allowances/service-ports.js';
import { defineRule } from './define-rule.js';

export default defineRule({
  meta: {
    name: 'loadbalancer-node-ports',
    severity: 'low',
    description: 'A Service of type LoadBalancer still allocates node ports.',
    rationale:
      'Unless allocateLoadBalancerNodePorts is false, a LoadBalancer Service also opens a NodePort on every node, with the same exposure as a NodePort Service. Load balancers that route to pod IPs directly do not need them.',
    references: ['Kubernetes docs: "Disabling load balancer NodePort allocation"'],
    fixable: true,
  },
  check(object, context) {
    const spec = object.value.spec;
    if (!isService(object) || spec?.type !== 'LoadBalancer') return;
    const name = `Service "${object.ref.name}"`;
    const tenant = context.allowances?.capsuleTenant(object);
    if (tenant?.forbidsLoadBalancer) {
      const origin = tenantOrigin(tenant);
      context.report({
        object,
        path: ['spec', 'type'],
        message: `${name} is of type LoadBalancer, which ${origin} forbids (spec.serviceOptions.allowedServices.loadBalancer: false)`,
        allowance: {
          inside: false,
          forbidden: true,
          text: `${origin} forbids LoadBalancer Services`,
          origin,
        },
      });
      return;
    }
    if (spec.allocateLoadBalancerNodePorts === false) return;
    const explicit = 'allocateLoadBalancerNodePorts' in spec;
    const verdict = judgeNodePorts(object, context);
    context.report({
      object,
      path: explicit ? ['spec', 'allocateLoadBalancerNodePorts'] : ['spec', 'type'],
      message: verdict?.problems.length
        ? `${name} is of type LoadBalancer and still allocates node ports: ${verdict.problems.join('; ')}`
        : `${name} is of type LoadBalancer and still allocates node ports (set allocateLoadBalancerNodePorts: false)`,
      allowance: verdict?.note,
    });
  },
});
