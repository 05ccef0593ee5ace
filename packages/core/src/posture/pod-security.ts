// Pod Security Admission's namespace labels and which levels keep host ports and networking out.
import { isObject } from '../objects.js';

export const PSA_ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
export const PSA_LEVELS = ['privileged', 'baseline', 'restricted'] as const;

/** Levels that refuse hostPort, hostNetwork, hostPID and hostIPC (baseline and stricter). */
export const BLOCKING_LEVELS: readonly string[] = ['baseline', 'restricted'];

/** The namespace's `enforce` level as written (undefined when the label is absent). */
export function enforceLevel(namespace: Record<string, any>): unknown {
  const labels = namespace.metadata?.labels;
  return isObject(labels) ? labels[PSA_ENFORCE_LABEL] : undefined;
}
