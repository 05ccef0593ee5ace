// host-port: a container port that binds a hostPort on the node.
import { containersOf, findPodSpec, isObject } from '../objects.js';
import { portNumber, protocolOf, specificHostIP } from '../port-number.js';
import { formatPort } from '../allowances/port-range.js';
import { defineRule } from './define-rule.js';

export default defineRule({
  meta: {
    name: 'host-port',
    severity: 'high',
    description: 'A container port binds a hostPort on the node.',
    rationale:
      'A hostPort is opened on the node itself, outside the CNI: NetworkPolicies do not apply to it, every client that can reach the node reaches the pod, and two tenants asking for the same port collide. Pod Security Standards (baseline) forbid it.',
    references: [
      'CIS Kubernetes Benchmark 5.2.13',
      'Pod Security Standards: baseline "Host Ports"',
    ],
    fixable: true,
  },
  check(object, context) {
    const pod = findPodSpec(object.value);
    if (!pod) return;
    for (const { container, path } of containersOf(pod)) {
      if (!Array.isArray(container.ports)) continue;
      container.ports.forEach((port: unknown, i: number) => {
        if (!isObject(port)) return;
        const hostPort = portNumber(port.hostPort);
        if (hostPort === undefined) return;
        const protocol = protocolOf(port.protocol);
        const allowance = context.allowances?.port(object, 'hostPorts', hostPort, protocol);
        const name = `container "${container.name ?? '?'}"`;
        context.report({
          object,
          path: [...path, 'ports', i, 'hostPort'],
          message:
            allowance && !allowance.inside
              ? `${name}: hostPort ${formatPort(hostPort, protocol)} is outside ${allowance.text}`
              : `${name} uses hostPort ${hostPort}`,
          allowance,
          data: {
            container: container.name,
            ...(typeof container.image === 'string' ? { image: container.image } : {}),
            hostPort,
            containerPort: portNumber(port.containerPort),
            protocol,
            hostIP: specificHostIP(port.hostIP),
          },
        });
      });
    }
  },
});
