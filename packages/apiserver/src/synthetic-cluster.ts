// A large generated multi-tenant cluster (10,000 pods by default) for end-to-end tests and the live benchmark.
import type { KubeObject } from './store.js';

export interface SyntheticOptions {
  /** Namespaces (default 100); each holds `podsPerNamespace` pods. */
  namespaces?: number;
  /** Pods per namespace (default 100, at least 51): 40 of Deployment web, 10 of Deployment edge, the rest bare. */
  podsPerNamespace?: number;
  nodes?: number;
}

/**
 * In namespace i (`ns-000`…, tenant `tenant-<i % 20>`): Deployment `web` (clean, 40 pods through a
 * ReplicaSet), Deployment `edge` with hostPort 9000+i (10 pods; 8080 when i % 10 == 0, so those
 * collide across tenants), bare clean pods, a hostNetwork pod `debug` when i % 25 == 0, a
 * ClusterIP Service `web`, and a NodePort Service `nodeport` (nodePort 30000+i) when i % 5 == 0.
 */
export function syntheticCluster(options: SyntheticOptions = {}): KubeObject[] {
  const namespaces = options.namespaces ?? 100;
  const perNs = Math.max(51, options.podsPerNamespace ?? 100);
  const objects: KubeObject[] = [];
  for (let n = 0; n < (options.nodes ?? 10); n++)
    objects.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${n}` } });
  const container = (name: string, port: number, hostPort?: number) => ({
    name,
    image: `registry.example.com/${name}:1.0`,
    ports: [{ containerPort: port, ...(hostPort ? { hostPort } : {}) }],
    resources: { requests: { cpu: '100m', memory: '128Mi' } },
  });
  for (let i = 0; i < namespaces; i++) {
    const ns = `ns-${String(i).padStart(3, '0')}`;
    const meta = (name: string, extra: KubeObject = {}) => ({
      name,
      namespace: ns,
      labels: { app: name.split('-')[0] },
      ...extra,
    });
    objects.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { 'capsule.clastix.io/tenant': `tenant-${i % 20}` } },
    });
    const workload = (name: string, replicas: number, c: KubeObject) => {
      const depUid = `${ns}-${name}-deploy`;
      const rsUid = `${ns}-${name}-rs`;
      const template = { metadata: { labels: { app: name } }, spec: { containers: [c] } };
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta(name, { uid: depUid }),
        spec: { replicas, selector: { matchLabels: { app: name } }, template },
      });
      const owner = (kind: string, n: string, uid: string) => [
        { apiVersion: 'apps/v1', kind, name: n, uid, controller: true },
      ];
      objects.push({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: meta(`${name}-7d9f8`, {
          uid: rsUid,
          ownerReferences: owner('Deployment', name, depUid),
        }),
        spec: { replicas, selector: { matchLabels: { app: name } }, template },
      });
      for (let p = 0; p < replicas; p++)
        objects.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: meta(`${name}-7d9f8-${String(p).padStart(5, '0')}`, {
            ownerReferences: owner('ReplicaSet', `${name}-7d9f8`, rsUid),
          }),
          spec: { nodeName: `node-${p % 10}`, containers: [c] },
          status: { phase: 'Running', podIP: `10.${i % 250}.${p % 250}.1` },
        });
    };
    workload('web', 40, container('web', 8080));
    workload('edge', 10, container('edge', 80, i % 10 === 0 ? 8080 : 9000 + i));
    const bare = perNs - 50;
    for (let p = 0; p < bare; p++) {
      const debug = i % 25 === 0 && p === 0;
      objects.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: meta(debug ? 'debug' : `task-${String(p).padStart(5, '0')}`),
        spec: { ...(debug ? { hostNetwork: true } : {}), containers: [container('task', 7000)] },
        status: { phase: 'Running' },
      });
    }
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web'),
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    if (i % 5 === 0)
      objects.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta('nodeport'),
        spec: {
          type: 'NodePort',
          selector: { app: 'edge' },
          ports: [{ port: 80, nodePort: 30000 + i }],
        },
      });
  }
  return objects;
}
