// Server-side printing: the meta.k8s.io/v1 Table that `kubectl get` asks for, with the columns kubectl shows.
import type { ResourceType } from './resources.js';
import type { KubeObject } from './store.js';

interface Column {
  name: string;
  type: string;
  format?: string;
  priority?: number;
  cell: (o: KubeObject, now: number) => string | number;
}

/** `5m`, `3h`, `2d`: the short age `kubectl get` prints. */
export function shortAge(created: string | undefined, now: number): string {
  if (!created) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(created)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

const name: Column = { name: 'Name', type: 'string', format: 'name', cell: (o) => o.metadata.name };
const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, now) => shortAge(o.metadata.creationTimestamp, now),
};

function ports(o: KubeObject): string {
  const list: any[] = o.spec?.ports ?? [];
  if (list.length === 0) return '<none>';
  return list
    .map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`)
    .join(',');
}

function ready(o: KubeObject): string {
  const statuses: any[] = o.status?.containerStatuses ?? [];
  const total = (o.spec?.containers ?? []).length;
  return `${statuses.filter((s) => s.ready).length}/${total}`;
}

const COLUMNS: Record<string, Column[]> = {
  Pod: [
    name,
    { name: 'Ready', type: 'string', cell: ready },
    { name: 'Status', type: 'string', cell: (o) => o.status?.phase ?? 'Pending' },
    {
      name: 'Restarts',
      type: 'string',
      cell: (o) =>
        String(
          (o.status?.containerStatuses ?? []).reduce(
            (n: number, s: any) => n + (s.restartCount ?? 0),
            0,
          ),
        ),
    },
    age,
    { name: 'IP', type: 'string', priority: 1, cell: (o) => o.status?.podIP ?? '<none>' },
    { name: 'Node', type: 'string', priority: 1, cell: (o) => o.spec?.nodeName ?? '<none>' },
  ],
  Service: [
    name,
    { name: 'Type', type: 'string', cell: (o) => o.spec?.type ?? 'ClusterIP' },
    { name: 'Cluster-IP', type: 'string', cell: (o) => o.spec?.clusterIP ?? '<none>' },
    {
      name: 'External-IP',
      type: 'string',
      cell: (o) =>
        [
          ...(o.spec?.externalIPs ?? []),
          ...(o.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname),
        ].join(',') || (o.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>'),
    },
    { name: 'Port(s)', type: 'string', cell: ports },
    age,
  ],
  Namespace: [
    name,
    { name: 'Status', type: 'string', cell: (o) => o.status?.phase ?? 'Active' },
    age,
  ],
  Node: [
    name,
    {
      name: 'Status',
      type: 'string',
      cell: (o) =>
        (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status === 'False'
          ? 'NotReady'
          : 'Ready',
    },
    {
      name: 'Roles',
      type: 'string',
      cell: (o) =>
        Object.keys(o.metadata?.labels ?? {})
          .filter((l) => l.startsWith('node-role.kubernetes.io/'))
          .map((l) => l.slice('node-role.kubernetes.io/'.length))
          .join(',') || '<none>',
    },
    age,
    {
      name: 'Version',
      type: 'string',
      cell: (o) => o.status?.nodeInfo?.kubeletVersion ?? 'v1.32.0',
    },
  ],
  Deployment: [
    name,
    {
      name: 'Ready',
      type: 'string',
      cell: (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`,
    },
    { name: 'Up-to-date', type: 'integer', cell: (o) => o.status?.updatedReplicas ?? 0 },
    { name: 'Available', type: 'integer', cell: (o) => o.status?.availableReplicas ?? 0 },
    age,
  ],
  DaemonSet: [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => o.status?.desiredNumberScheduled ?? 0 },
    { name: 'Current', type: 'integer', cell: (o) => o.status?.currentNumberScheduled ?? 0 },
    { name: 'Ready', type: 'integer', cell: (o) => o.status?.numberReady ?? 0 },
    age,
  ],
};

function columnsFor(t: ResourceType): Column[] {
  return COLUMNS[t.group === '' || t.group === 'apps' ? t.kind : ''] ?? [name, age];
}

/** What each row carries as `object`, from the `includeObject` query parameter. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(o: KubeObject, include: IncludeObject): KubeObject | undefined {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
}

/** A Table of `items`; `withColumns` false for watch events after the first, as the real server does. */
export function toTable(
  t: ResourceType,
  items: KubeObject[],
  listMeta: Record<string, unknown>,
  include: IncludeObject,
  withColumns = true,
): KubeObject {
  const cols = columnsFor(t);
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMeta,
    columnDefinitions: withColumns
      ? cols.map((c) => ({
          name: c.name,
          type: c.type,
          format: c.format ?? '',
          description: c.name,
          priority: c.priority ?? 0,
        }))
      : null,
    rows: items.map((o) => {
      const row: KubeObject = { cells: cols.map((c) => c.cell(o, now)) };
      const object = rowObject(o, include);
      if (object) row.object = object;
      return row;
    }),
  };
}
