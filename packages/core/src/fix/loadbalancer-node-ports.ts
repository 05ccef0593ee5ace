// loadbalancer-node-ports: set allocateLoadBalancerNodePorts: false and drop explicit nodePorts.
import { mapAt, noFix, type FixContext, type Outcome } from './context.js';
import { disableNodePorts, dropNodePorts } from './service-edits.js';

export function fixLoadBalancerNodePorts(ctx: FixContext): Outcome {
  const spec = mapAt(ctx, ['spec']);
  const disable = spec && disableNodePorts(ctx, spec);
  const drop = spec && dropNodePorts(ctx, spec);
  if (!disable || !drop)
    return noFix('the Service spec is written in a layout portguard cannot edit');
  return {
    suggestions: [
      {
        id: 'loadbalancer-node-ports/disable',
        rule: 'loadbalancer-node-ports',
        title: `Set allocateLoadBalancerNodePorts: false on Service "${ctx.object.ref.name}" (needs a load balancer that routes to pod IPs)`,
        kind: 'suggestion',
        isPreferred: true,
        edits: [disable, ...drop],
      },
    ],
  };
}
