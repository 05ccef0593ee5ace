// A live object as YAML a user can `kubectl apply`: the fields the API server owns are dropped.
import { stringify } from 'yaml';
import { isObject, type KubeObject } from '@portguard/core';

const SERVER_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'ownerReferences',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];
const SERVER_ANNOTATIONS = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
];

/**
 * Drops `status`, server-set metadata and annotations, and a template's `creationTimestamp: null`;
 * keeps everything the user wrote. Pure: returns a copy.
 */
export function forApply(value: KubeObject): KubeObject {
  const copy = structuredClone(value) as KubeObject;
  delete copy.status;
  if (isObject(copy.metadata)) {
    for (const k of SERVER_METADATA) delete copy.metadata[k];
    if (isObject(copy.metadata.annotations)) {
      for (const k of SERVER_ANNOTATIONS) delete copy.metadata.annotations[k];
      if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
    }
  }
  const template = copy.spec?.template?.metadata;
  if (isObject(template) && template.creationTimestamp === null) delete template.creationTimestamp;
  return copy;
}

/** `forApply` rendered as one YAML document, keys in the API server's order. */
export function toApplyYaml(value: KubeObject): string {
  return stringify(forApply(value), { lineWidth: 0 });
}
