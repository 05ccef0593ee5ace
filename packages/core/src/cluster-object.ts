// The cluster itself as the object of cluster-wide findings (admission control): kind Cluster, named after the context.
import type { ManifestObject, ObjectRef } from './types.js';

/** The apiVersion of the Cluster object findings name (not a Kubernetes kind: portguard's own). */
export const CLUSTER_API_VERSION = 'portguard.dev/v1';

/**
 * The cluster as the object of a cluster-wide finding: kind `Cluster`, named after the context
 * (`-` for files), no namespace, so no tenant reads it as theirs. In a file it keeps the place of
 * `at` (the first tenant Namespace), where an editor can show it.
 */
export function clusterObject(name: string, at: ManifestObject): ManifestObject {
  const value = { apiVersion: CLUSTER_API_VERSION, kind: 'Cluster', metadata: { name } };
  return {
    value,
    ref: { apiVersion: CLUSTER_API_VERSION, kind: 'Cluster', name },
    origin: at.origin,
    ...(at.source ? { source: at.source } : {}),
  };
}

/** True for the object of a cluster-wide finding: front ends group these apart from tenants. */
export const isClusterObject = (ref: ObjectRef): boolean =>
  ref.kind === 'Cluster' && ref.apiVersion === CLUSTER_API_VERSION;
