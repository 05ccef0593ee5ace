// host-ipc: a pod that shares the node's IPC namespace.
import { findPodSpec } from '../objects.js';
import { defineRule } from './define-rule.js';

export default defineRule({
  meta: {
    name: 'host-ipc',
    severity: 'medium',
    description: "A pod shares the node's IPC namespace (hostIPC: true).",
    rationale:
      "With hostIPC a pod can read and write the shared memory and message queues of every process on the node, other tenants' included. Pod Security Standards (baseline) forbid it.",
    references: [
      'CIS Kubernetes Benchmark 5.2.4',
      'Pod Security Standards: baseline "Host Namespaces"',
    ],
    fixable: false,
  },
  check(object, context) {
    const pod = findPodSpec(object.value);
    if (!pod || pod.spec.hostIPC !== true) return;
    context.report({ object, path: [...pod.path, 'hostIPC'], message: 'pod uses hostIPC=true' });
  },
});
