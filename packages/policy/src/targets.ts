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
  // Argo Rollouts replace Deployments in many clusters; matching a CRD that is absent is harmless.
  {
    group: 'argoproj.io',
    version: 'v1alpha1',
    resource: 'rollouts',
    kind: 'Rollout',
    podSpec: ['spec', 'template', 'spec'],
  },
];

export const SERVICE_TARGET: Target = {
  group: '',
  version: 'v1',
  resource: 'services',
  kind: 'Service',
};

export const ALL_TARGETS: readonly Target[] = [...POD_TARGETS, SERVICE_TARGET];

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
