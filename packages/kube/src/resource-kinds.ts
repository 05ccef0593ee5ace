// The kinds a live scan lists: workloads, Services, the namespace and network context, admission policies.

/** One kind to list, and where its REST path lives. */
export interface ResourceKind {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** Not every cluster serves it (CRDs, newer APIs): a 404 skips it silently. */
  optional?: boolean;
}

const k = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  optional = false,
): ResourceKind => ({ group, version, kind, plural, namespaced, optional });

export const SCANNED_KINDS: readonly ResourceKind[] = [
  k('', 'v1', 'Namespace', 'namespaces', false),
  k('', 'v1', 'Node', 'nodes', false),
  k('', 'v1', 'Pod', 'pods', true),
  k('', 'v1', 'Service', 'services', true),
  k('', 'v1', 'ReplicationController', 'replicationcontrollers', true),
  k('', 'v1', 'PodTemplate', 'podtemplates', true),
  k('apps', 'v1', 'Deployment', 'deployments', true),
  k('apps', 'v1', 'ReplicaSet', 'replicasets', true),
  k('apps', 'v1', 'StatefulSet', 'statefulsets', true),
  k('apps', 'v1', 'DaemonSet', 'daemonsets', true),
  k('batch', 'v1', 'Job', 'jobs', true),
  k('batch', 'v1', 'CronJob', 'cronjobs', true),
  k('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true),
  k('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true),
  k(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicy',
    'validatingadmissionpolicies',
    false,
    true,
  ),
  k(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicyBinding',
    'validatingadmissionpolicybindings',
    false,
    true,
  ),
  // portguard's own webhook in deny mode refuses NodePort Services (service-exposure-unrestricted).
  k(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    false,
    true,
  ),
];

/**
 * CRDs listed when their group is served: Argo Rollouts (pod templates), Kyverno policies,
 * Capsule Tenants (which Services a tenant may create, its allowed externalIPs).
 */
export const OPTIONAL_CRD_KINDS: readonly ResourceKind[] = [
  k('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts', true, true),
  k('kyverno.io', 'v1', 'ClusterPolicy', 'clusterpolicies', false, true),
  k('capsule.clastix.io', 'v1beta2', 'Tenant', 'tenants', false, true),
  // Gatekeeper's templates say what each constraint kind refuses (the posture rule reads their rego).
  k('templates.gatekeeper.sh', 'v1', 'ConstraintTemplate', 'constrainttemplates', false, true),
];

/** Gatekeeper constraints: every kind served under this group/version is a constraint. */
export const GATEKEEPER_CONSTRAINTS = { group: 'constraints.gatekeeper.sh', version: 'v1beta1' };

export const apiVersionOf = (r: Pick<ResourceKind, 'group' | 'version'>) =>
  r.group ? `${r.group}/${r.version}` : r.version;

/** The REST path of a kind's collection, cluster-wide (`namespace` undefined) or in one namespace. */
export function collectionPath(r: ResourceKind, namespace?: string): string {
  const prefix = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  return r.namespaced && namespace !== undefined
    ? `${prefix}/namespaces/${encodeURIComponent(namespace)}/${r.plural}`
    : `${prefix}/${r.plural}`;
}

/** `pods`, `deployments.apps`: how kubectl names a resource in messages. */
export const resourceName = (r: ResourceKind) => (r.group ? `${r.plural}.${r.group}` : r.plural);
