// The resource types the server knows: built-in Kubernetes kinds plus CRDs declared by the state.

/** One REST resource, as discovery describes it. */
export interface ResourceType {
  /** API group; '' for the core group served under /api. */
  group: string;
  version: string;
  kind: string;
  /** The URL segment, e.g. `pods`. */
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
}

export const apiVersionOf = (t: Pick<ResourceType, 'group' | 'version'>): string =>
  t.group ? `${t.group}/${t.version}` : t.version;

export const typeKey = (t: Pick<ResourceType, 'group' | 'version' | 'plural'>): string =>
  `${t.group}/${t.version}/${t.plural}`;

function rt(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
): ResourceType {
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, shortNames };
}

/** The built-in kinds portguard reads, plus the neighbours kubectl users expect to find. */
export const BUILTIN_TYPES: readonly ResourceType[] = [
  rt('', 'v1', 'Namespace', 'namespaces', false, ['ns']),
  rt('', 'v1', 'Node', 'nodes', false, ['no']),
  rt('', 'v1', 'Pod', 'pods', true, ['po']),
  rt('', 'v1', 'Service', 'services', true, ['svc']),
  rt('', 'v1', 'ReplicationController', 'replicationcontrollers', true, ['rc']),
  rt('', 'v1', 'PodTemplate', 'podtemplates', true),
  rt('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  rt('apps', 'v1', 'Deployment', 'deployments', true, ['deploy']),
  rt('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs']),
  rt('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts']),
  rt('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds']),
  rt('batch', 'v1', 'Job', 'jobs', true),
  rt('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj']),
  rt('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing']),
  rt('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']),
  rt(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicy',
    'validatingadmissionpolicies',
    false,
  ),
  rt(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingAdmissionPolicyBinding',
    'validatingadmissionpolicybindings',
    false,
  ),
  rt(
    'admissionregistration.k8s.io',
    'v1',
    'ValidatingWebhookConfiguration',
    'validatingwebhookconfigurations',
    false,
  ),
  rt(
    'admissionregistration.k8s.io',
    'v1',
    'MutatingWebhookConfiguration',
    'mutatingwebhookconfigurations',
    false,
  ),
  rt('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, [
    'crd',
  ]),
];

/** English plural the way CRD authors usually spell it: Policy → policies, Ingress → ingresses. */
export function guessPlural(kind: string): string {
  const k = kind.toLowerCase();
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  return `${k}s`;
}

/**
 * A CRD's resource type, from a CustomResourceDefinition object or, for state files that only
 * hold custom objects, from the object itself (cluster-scoped when it has no namespace).
 */
export function typeFromCrd(crd: Record<string, any>): ResourceType[] {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  const versions: any[] = Array.isArray(spec.versions) ? spec.versions : [];
  return versions
    .filter((v) => v?.served !== false && typeof v?.name === 'string')
    .map((v) => ({
      group: String(spec.group ?? ''),
      version: String(v.name),
      kind: String(names.kind ?? ''),
      plural: String(names.plural ?? guessPlural(String(names.kind ?? ''))),
      singular: String(names.singular ?? String(names.kind ?? '').toLowerCase()),
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
    }));
}

export function typeFromObject(obj: Record<string, any>): ResourceType {
  const [group, version] = String(obj.apiVersion).includes('/')
    ? String(obj.apiVersion).split('/', 2)
    : ['', String(obj.apiVersion)];
  const kind = String(obj.kind);
  return rt(group, version, kind, guessPlural(kind), Boolean(obj.metadata?.namespace));
}
