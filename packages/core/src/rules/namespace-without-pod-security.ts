import { DEFAULT_SYSTEM_NAMESPACES } from '../config/config.js';
import { isObject } from '../objects.js';
import { BLOCKING_LEVELS, enforceLevel, PSA_ENFORCE_LABEL } from '../posture/pod-security.js';
import { defineRule } from './define-rule.js';

export default defineRule({
  meta: {
    name: 'namespace-without-pod-security',
    severity: 'medium',
    description:
      'A tenant namespace does not enforce Pod Security Admission at baseline or restricted.',
    rationale:
      'Pod Security Admission at baseline refuses hostPort, hostNetwork, hostPID and hostIPC before a pod exists. Without the enforce label (or with "privileged") nothing stops a tenant from opening ports on the nodes it shares with other tenants.',
    references: [
      'Pod Security Standards: baseline',
      'Kubernetes docs: "Enforce Pod Security Standards with Namespace Labels"',
      'CIS Kubernetes Benchmark 5.2.1',
    ],
    fixable: true,
  },
  check(object, context) {
    if (object.value.kind !== 'Namespace' || !object.ref.name) return;
    const name = object.ref.name;
    const system = context.isSystemNamespace
      ? context.isSystemNamespace(name)
      : DEFAULT_SYSTEM_NAMESPACES.includes(name);
    if (system) return;
    const level = enforceLevel(object.value);
    if (typeof level === 'string' && BLOCKING_LEVELS.includes(level)) return;
    const hasLabels = isObject(object.value.metadata?.labels);
    const path =
      level !== undefined
        ? ['metadata', 'labels', PSA_ENFORCE_LABEL]
        : hasLabels
          ? ['metadata', 'labels']
          : ['metadata'];
    const why =
      level === undefined
        ? `has no ${PSA_ENFORCE_LABEL} label`
        : level === 'privileged'
          ? 'enforces Pod Security level "privileged"'
          : `has an invalid ${PSA_ENFORCE_LABEL} value ${JSON.stringify(level)}`;
    context.report({
      object,
      path,
      message: `namespace "${name}" ${why}: pods with hostPort or hostNetwork are admitted`,
      data: { namespace: name, level: level ?? null, label: PSA_ENFORCE_LABEL },
    });
  },
});
