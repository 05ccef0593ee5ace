// host-network: a pod that shares the node's network namespace, with the node ports it listens on.
import { containersOf, findPodSpec, isObject } from '../objects.js';
import { portNumber, protocolOf } from '../port-number.js';
import { defineRule } from './define-rule.js';

/** Why a hostNetwork pod that declares no ports gets no automatic fix; carried in the finding's data. */
export const NO_PORTS_REASON =
  'its containers declare no ports, so portguard cannot tell which ports a Service should expose; list them under ports: and fix again';

export default defineRule({
  meta: {
    name: 'host-network',
    severity: 'high',
    description: "A pod shares the node's network namespace (hostNetwork: true).",
    rationale:
      "With hostNetwork the pod listens on the node's own interfaces for every port it opens, bypasses the CNI and every NetworkPolicy, can see other tenants' traffic on the node, and collides with any other workload on the same ports. Pod Security Standards (baseline) forbid it.",
    references: [
      'CIS Kubernetes Benchmark 5.2.5',
      'Pod Security Standards: baseline "Host Namespaces"',
    ],
    fixable: true,
  },
  check(object, context) {
    const pod = findPodSpec(object.value);
    if (!pod || pod.spec.hostNetwork !== true) return;
    // Each declared containerPort is bound on the node; list each port/protocol once.
    const listening = new Set<string>();
    const ports: number[] = [];
    for (const { container } of containersOf(pod)) {
      if (!Array.isArray(container.ports)) continue;
      for (const p of container.ports.filter(isObject)) {
        const port = portNumber(p.containerPort);
        if (port === undefined) continue;
        const protocol = protocolOf(p.protocol);
        const label = protocol === 'TCP' ? String(port) : `${port}/${protocol}`;
        if (listening.has(label)) continue;
        listening.add(label);
        ports.push(port);
      }
    }
    const labels = [...listening];
    const who = `${object.ref.kind} "${object.ref.name}"`;
    context.report({
      object,
      path: [...pod.path, 'hostNetwork'],
      message:
        labels.length > 0
          ? `${who} uses hostNetwork=true and listens on node port${labels.length > 1 ? 's' : ''} ${labels.join(', ')}`
          : `${who} uses hostNetwork=true`,
      data: labels.length > 0 ? { ports } : { ports, noFix: NO_PORTS_REASON },
    });
  },
});
