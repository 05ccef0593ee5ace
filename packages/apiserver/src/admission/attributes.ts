// What admission knows about a write: the AdmissionReview request's fields before they are put on the wire.
import { randomUUID } from 'node:crypto';
import type { ResourceType } from '../resources.js';
import type { KubeObject } from '../store.js';

/** authentication.k8s.io/v1 UserInfo, as in AdmissionReview and audit events. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

/** The admission attributes of one write request (kube-apiserver's admission.Attributes). */
export interface AdmissionAttributes {
  operation: Operation;
  resource: ResourceType;
  subResource?: string;
  namespace?: string;
  name: string;
  /** The object as it would be stored (absent for DELETE). */
  object?: KubeObject;
  /** The stored object being replaced, patched or deleted (absent for CREATE). */
  oldObject?: KubeObject;
  userInfo: UserInfo;
  dryRun: boolean;
  /** CreateOptions, UpdateOptions, PatchOptions or DeleteOptions. */
  options: KubeObject;
}

/** The `admission.k8s.io/v1` AdmissionReview a webhook receives for `a`. */
export function admissionReview(a: AdmissionAttributes, uid: string = randomUUID()): KubeObject {
  const t = a.resource;
  const kind = { group: t.group, version: t.version, kind: t.kind };
  const resource = { group: t.group, version: t.version, resource: t.plural };
  const request: KubeObject = {
    uid,
    kind,
    resource,
    requestKind: kind,
    requestResource: resource,
    name: a.name,
    operation: a.operation,
    userInfo: a.userInfo,
    object: a.object ?? null,
    oldObject: a.oldObject ?? null,
    dryRun: a.dryRun,
    options: a.options,
  };
  if (a.subResource) {
    request.subResource = a.subResource;
    request.requestSubResource = a.subResource;
  }
  if (a.namespace !== undefined) request.namespace = a.namespace;
  return { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}

/** The `options` object of an AdmissionReview for a write with these query parameters. */
export function operationOptions(
  operation: Operation | 'PATCH',
  query: URLSearchParams,
): KubeObject {
  const kind =
    operation === 'CREATE'
      ? 'CreateOptions'
      : operation === 'UPDATE'
        ? 'UpdateOptions'
        : operation === 'PATCH'
          ? 'PatchOptions'
          : 'DeleteOptions';
  const options: KubeObject = { kind, apiVersion: 'meta.k8s.io/v1' };
  const dryRun = query.getAll('dryRun');
  if (dryRun.length) options.dryRun = dryRun;
  const fieldManager = query.get('fieldManager');
  if (fieldManager && kind !== 'DeleteOptions') options.fieldManager = fieldManager;
  const fieldValidation = query.get('fieldValidation');
  if (fieldValidation && kind !== 'DeleteOptions') options.fieldValidation = fieldValidation;
  if (kind === 'PatchOptions' && query.get('force') === 'true') options.force = true;
  return options;
}
