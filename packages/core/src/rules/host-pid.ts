// host-pid: a pod that shares the node's process namespace.
import { findPodSpec } from '../objects.js';
import { defineRule } from './define-rule.js';

export default defineRule({
  meta: {
    name: 'host-pid',
    severity: 'medium',
    description: "A pod shares the node's process namespace (hostPID: true).",
    rationale:
      "With hostPID a pod sees, and can signal or ptrace, every process on the node, including other tenants' workloads and the kubelet. Pod Security Standards (baseline) forbid it.",
    references: [
      'CIS Kubernetes Benchmark 5.2.3',
      'Pod Security Standards: baseline "Host Namespaces"',
    ],
    fixable: false,
  },
  check(object, context) {
    const pod = findPodSpec(object.value);
    if (!pod || pod.spec.hostPID !== true) return;
    context.report({ object, path: [...pod.path, 'hostPID'], message: 'pod uses hostPID=true' });
  },
});
