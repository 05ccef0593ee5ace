import { containersOf, findPodSpec, isObject } from '../objects.js';
import { defineRule } from './define-rule.js';

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
    const ports = containersOf(pod).flatMap(({ container }) =>
      Array.isArray(container.ports)
        ? container.ports.filter(isObject).map((p) => Number(p.containerPort))
        : [],
    );
    const listening = ports.filter((p) => Number.isFinite(p) && p > 0);
    context.report({
      object,
      path: [...pod.path, 'hostNetwork'],
      message:
        listening.length > 0
          ? `pod uses hostNetwork=true and listens on node port${listening.length > 1 ? 's' : ''} ${listening.join(', ')}`
          : 'pod uses hostNetwork=true',
      data: { ports: listening },
    });
  },
});
