// The identity of a finding across scans, so serve can log the ones that appeared and disappeared.
import type { Finding, ObjectRef } from '@portguard/core';

/** `Kind namespace/name` or `Kind name`, as logs and messages name an object. */
export function refKey(ref: ObjectRef): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
}

/** Same rule, object and field: the same finding (its message may change, e.g. a conflict's other side). */
export function findingKey(f: Finding): string {
  return `${f.rule} ${refKey(f.object)} ${f.path}`;
}

/** The object's identity as logs carry it: `{kind, namespace, name}` (namespace only where there is one). */
export function objectFields(ref: ObjectRef): Record<string, string> {
  return {
    apiVersion: ref.apiVersion,
    kind: ref.kind,
    ...(ref.namespace !== undefined ? { namespace: ref.namespace } : {}),
    name: ref.name,
  };
}
