// A listed API object as the rules engine takes it: apiVersion and kind set, bulky server-side fields dropped.
import { refOf, type KubeObject, type ManifestObject } from '@portguard/core';
import { apiVersionOf, type ResourceKind } from './resource-kinds.js';
import { trimPod, trimsPod, type Keep } from './trim-object.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * List items come without apiVersion and kind; managedFields, status and the last-applied
 * annotation are most of an object's bytes and no rule reads them, so they are not kept. Pods,
 * most of a cluster's objects, keep only what the rules read of them (`trimPod`): every Pod with
 * `keep: 'rules'`, those run by a controller with `keep: 'view'`. `item` is the caller's freshly parsed JSON: it may be changed in place.
 */
export function toManifestObject(
  item: KubeObject,
  kind: ResourceKind,
  keep: Keep = 'view',
): ManifestObject {
  const { status: _status, ...rest } = item;
  const value: KubeObject = { ...rest, apiVersion: apiVersionOf(kind), kind: kind.kind };
  const md = item.metadata;
  if (md) {
    const { managedFields: _mf, ...meta } = md;
    if (meta.annotations?.[LAST_APPLIED] !== undefined) {
      const { [LAST_APPLIED]: _la, ...annotations } = meta.annotations;
      meta.annotations = annotations;
    }
    value.metadata = meta;
  }
  if (trimsPod(value, keep)) trimPod(value);
  return { value, ref: refOf(value), origin: 'cluster' };
}
