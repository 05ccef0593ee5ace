// The API resources the policies watch: every built-in kind that carries a pod spec, and Services.

/** One kind as admission sees it: group, version, plural resource, and where its pod spec is. */
export interface Target {
  group: string;
  version: string;
  resource: string;
  kind: string;
  /** Field path of the pod spec; undefined for Services. */
  podSpec?: readonly string[];
}

export const POD_TARGETS: readonly Target[] = [
  { group: '', version: 'v1', resource: 'pods', kind: 'Pod', podSpec: ['spec'] },
  {
    group: '',
    version: 'v1',
    resource: 'podtemplates',
    kind: 'PodTemplate',
    podSpec: ['template', 'spec'],
  },
  {
    group: '',
    version: 'v1',
    resource: 'replicationcontrollers',
    kind: 'ReplicationController',
    podSpec: ['spec', 'template', 'spec'],
  },
  ...(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'] as const).map((kind) => ({
    group: 'apps',
    version: 'v1',
    resource: `${kind.toLowerCase()}s`,
    kind,
    podSpec: ['spec', 'template', 'spec'],
  })),
  {
    group: 'batch',
    version: 'v1',
    resource: 'jobs',
    kind: 'Job',
    podSpec: ['spec', 'template', 'spec'],
  },
  {
    group: 'batch',
    version: 'v1',
    resource: 'cronjobs',
    kind: 'CronJob',
    podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  },
  // Well-known CRDs that replace the built-in controllers; matching a CRD that is absent is harmless.
  ...(
    [
      ['argoproj.io', 'v1alpha1', 'rollouts', 'Rollout'],
      ['apps.openshift.io', 'v1', 'deploymentconfigs', 'DeploymentConfig'],
      ['apps.kruise.io', 'v1alpha1', 'clonesets', 'CloneSet'],
      ['apps.kruise.io', 'v1beta1', 'statefulsets', 'StatefulSet'],
      ['apps.kruise.io', 'v1alpha1', 'daemonsets', 'DaemonSet'],
      ['serving.knative.dev', 'v1', 'services', 'Service'],
      ['serving.knative.dev', 'v1', 'configurations', 'Configuration'],
    ] as const
  ).map(([group, version, resource, kind]) => ({
    group,
    version,
    resource,
    kind,
    podSpec: ['spec', 'template', 'spec'],
  })),
];

export const SERVICE_TARGET: Target = {
  group: '',
  version: 'v1',
  resource: 'services',
  kind: 'Service',
};

export const ALL_TARGETS: readonly Target[] = [...POD_TARGETS, SERVICE_TARGET];

/** The targets plus pod-template kinds found elsewhere (the CRDs of a live cluster), each once. */
export function withExtraTargets(extra: readonly Target[] = []): Target[] {
  const out = [...ALL_TARGETS];
  for (const t of extra)
    if (!out.some((o) => o.group === t.group && o.resource === t.resource)) out.push(t);
  return out;
}

/**
 * Where workloads keep their pod template's spec, whatever the kind: Deployment-like (any CRD:
 * DeploymentConfig, CloneSet, Rollout…), CronJob-like, PodTemplate. Every engine that selects the
 * pod spec by path reads this one list; a Pod's own `spec` each tells apart its own way.
 */
export const POD_TEMPLATE_PATHS: readonly (readonly string[])[] = [
  ['spec', 'template', 'spec'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  ['template', 'spec'],
];

/** The three container lists of a pod spec; each can ask for a hostPort. */
export const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/** Groups in first-seen order with their resources, for rules that list them by group. */
export function byGroup(targets: readonly Target[]): Array<{ group: string; resources: string[] }> {
  const out: Array<{ group: string; resources: string[] }> = [];
  for (const t of targets) {
    let g = out.find((x) => x.group === t.group);
    if (!g) out.push((g = { group: t.group, resources: [] }));
    g.resources.push(t.resource);
  }
  return out;
}
