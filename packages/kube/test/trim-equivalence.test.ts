// The trimmed, streamed live scan reports exactly what a scan of the untouched objects reports.
import assert from 'node:assert/strict';
import {
  demoState,
  startApiServer,
  syntheticCluster,
  type ApiServer,
  type KubeObject,
} from '@portguard/apiserver';
import { defaultConfig, refOf, scanObjects, summarize, type ManifestObject } from '@portguard/core';
import { collapseOwned } from '../src/collapse-owned.js';
import { KubeClient } from '../src/kube-client.js';
import { kindsToList } from '../src/list-cluster.js';
import { loadKubeconfig } from '../src/load-kubeconfig.js';
import { apiVersionOf, collectionPath } from '../src/resource-kinds.js';
import { scanLiveCluster } from '../src/scan-live.js';
import { SCANNED_KINDS } from '../src/resource-kinds.js';
import { toManifestObject } from '../src/to-manifest-object.js';
import { multiTenant, writeTemp } from './fixtures.js';

/** Bulk a real cluster carries on a pod: what the trimming drops. */
const bulk = (i: number) => ({
  metadata: {
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"big":"json"}',
      'prometheus.io/scrape': 'true',
      'portguard.dev/ignore': i % 3 === 0 ? 'host-port' : 'host-network',
      'portguard.dev/ignore-reason': `reason ${i}`,
    },
    finalizers: ['example.com/f'],
    managedFields: [{ manager: 'kubelet', operation: 'Update', fieldsV1: { 'f:status': {} } }],
  },
  volumes: [{ name: 'data', emptyDir: {} }],
  env: [{ name: 'A', value: 'hostPort: 80' }],
  probe: { httpGet: { port: 8080, path: '/healthz' } },
});

/**
 * Every field the rules, suppression, tenants, allowances, posture and collapse read, on pods
 * whose controller is listed and on pods whose controller is not (those keep their findings).
 */
function everyFieldState(): KubeObject[] {
  const out: KubeObject[] = [];
  const tenants = ['gas', 'oil'];
  for (const [t, tenant] of tenants.entries()) {
    const ns = `${tenant}-apps`;
    out.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: {
          'capsule.clastix.io/tenant': tenant,
          ...(t === 0 ? { 'pod-security.kubernetes.io/enforce': 'baseline' } : {}),
        },
        annotations: t === 1 ? { 'portguard.dev/ignore': 'external-ips' } : {},
      },
    });
    for (let i = 0; i < 6; i++) {
      const b = bulk(i);
      const podSpec = {
        ...(i === 1 ? { hostNetwork: true } : {}),
        ...(i === 2 ? { hostPID: true, hostIPC: true } : {}),
        ...(i === 3 ? { nodeName: 'node-1' } : {}),
        ...(i === 4 ? { nodeSelector: { pool: 'edge' } } : {}),
        affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [] } },
        tolerations: [{ key: 'dedicated', operator: 'Exists' }],
        volumes: b.volumes,
        serviceAccountName: 'sa',
        initContainers: [
          {
            name: 'init',
            image: 'busybox',
            env: b.env,
            ports: [{ containerPort: 53, hostPort: 53, protocol: 'UDP' }],
          },
        ],
        containers: [
          {
            name: 'app',
            image: `registry.example.com/app-${i}:1`,
            env: b.env,
            livenessProbe: b.probe,
            resources: { limits: { cpu: '1' } },
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
            ports: [
              {
                containerPort: 8080,
                hostPort: 8080 + (i % 2),
                ...(i === 5 ? { hostIP: '10.0.0.5' } : {}),
              },
              { containerPort: 9090, name: 'metrics' },
            ],
          },
        ],
      };
      const owned = i % 2 === 0;
      /** Pods 3: no owner at all (bare pods, trimmed by a scan too). */
      const bare = i === 3;
      const uid = `${ns}-rs-${i}`;
      if (owned)
        out.push({
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: { name: `rs-${i}`, namespace: ns, uid, labels: { app: `a${i}` } },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: `a${i}` } },
            template: { metadata: { labels: { app: `a${i}` } }, spec: podSpec },
          },
        });
      for (let p = 0; p < 2; p++)
        out.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            ...b.metadata,
            name: `pod-${i}-${p}`,
            namespace: ns,
            uid: `${ns}-pod-${i}-${p}`,
            labels: { app: `a${i}` },
            // Odd pods: a controller portguard does not list (the pod is reported itself).
            ownerReferences: bare
              ? undefined
              : [
                  owned
                    ? {
                        apiVersion: 'apps/v1',
                        kind: 'ReplicaSet',
                        name: `rs-${i}`,
                        uid,
                        controller: true,
                      }
                    : {
                        apiVersion: 'argoproj.io/v1alpha1',
                        kind: 'Rollout',
                        name: `ro-${i}`,
                        uid: `ro-${i}`,
                        controller: true,
                      },
                ],
          },
          spec: podSpec,
          status: { phase: 'Running', podIP: `10.1.${t}.${i}` },
        });
    }
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'np', namespace: ns, annotations: bulk(0).metadata.annotations },
      spec: {
        type: 'NodePort',
        selector: { app: 'a1' },
        ports: [{ port: 80, nodePort: 30080 + t }],
      },
    });
    out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'lb', namespace: ns },
      spec: {
        type: 'LoadBalancer',
        externalIPs: ['203.0.113.9'],
        externalTrafficPolicy: 'Local',
        selector: { app: 'a2' },
        ports: [{ port: 443, nodePort: 31443 + t }],
      },
    });
    out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: ns },
      spec: { podSelector: { matchLabels: { app: 'a1' } }, policyTypes: ['Ingress'] },
    });
  }
  for (let n = 0; n < 2; n++)
    out.push({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: `node-${n}`, labels: { pool: n ? 'edge' : 'core' } },
    });
  return out;
}

const STATES: Array<{ name: string; state: () => KubeObject[] }> = [
  { name: 'the multi-tenant fixture', state: () => multiTenant() },
  { name: 'the demo state', state: () => demoState() },
  { name: 'every field the rules read', state: everyFieldState },
  { name: 'a synthetic cluster', state: () => syntheticCluster({ namespaces: 3 }) },
];

/** Every kind listed whole, in one GET each, the objects kept as the server sent them. */
async function untrimmedObjects(kubeconfig: string): Promise<ManifestObject[]> {
  const client = new KubeClient(loadKubeconfig({ kubeconfig, env: {}, allNamespaces: true }));
  try {
    const out: ManifestObject[] = [];
    for (const kind of await kindsToList(client)) {
      const list = await client.getJson(collectionPath(kind, undefined)).catch(() => undefined);
      for (const item of list?.items ?? []) {
        const value = { ...item, apiVersion: apiVersionOf(kind), kind: kind.kind };
        out.push({ value, ref: refOf(value), origin: 'cluster' });
      }
    }
    return out;
  } finally {
    client.close();
  }
}

describe('trimmed live scan = untrimmed scan', () => {
  for (const s of STATES) {
    describe(s.name, () => {
      let server: ApiServer;
      let kubeconfig: string;
      before(async () => {
        server = await startApiServer({
          state: s.state(),
          users: [{ name: 'admin', token: 'admin-token-1234' }],
        });
        kubeconfig = writeTemp(
          `trim-${s.name.replace(/\W+/g, '-')}.yaml`,
          server.kubeconfig('admin'),
        );
      });
      after(() => server.close());
      for (const trust of [false, true])
        it(`the same JSON report${trust ? ', object annotations trusted' : ''}`, async () => {
          const config = defaultConfig();
          const live = await scanLiveCluster(
            { kubeconfig, env: {}, allNamespaces: true },
            { config, trustObjectAnnotations: trust },
          );
          const objects = collapseOwned(await untrimmedObjects(kubeconfig));
          const full = scanObjects(objects, {
            config,
            trustObjectAnnotations: trust,
            clusterName: live.context,
          });
          const report = (r: { findings: unknown; suppressed: unknown; summary: unknown }) =>
            JSON.stringify(
              { findings: r.findings, suppressed: r.suppressed, summary: r.summary },
              null,
              1,
            );
          assert.ok(
            live.result.findings.length + live.result.suppressed.length > 0,
            'the state has findings',
          );
          assert.equal(
            report(live.result),
            report({ ...full, summary: summarize(objects.length, full.findings, full.suppressed) }),
          );
        });
    });
  }
});

describe('what each level keeps of a Pod', () => {
  const podKind = SCANNED_KINDS.find((k) => k.kind === 'Pod')!;
  const pod = (owner: boolean) => ({
    metadata: {
      name: 'p',
      namespace: 'n',
      annotations: { 'portguard.dev/ignore': 'host-port', other: 'x' },
      ...(owner
        ? { ownerReferences: [{ kind: 'ReplicaSet', name: 'r', uid: 'u', controller: true }] }
        : {}),
    },
    spec: {
      volumes: [{ name: 'v' }],
      containers: [
        {
          name: 'c',
          image: 'i',
          env: [{ name: 'E' }],
          ports: [{ containerPort: 80, hostPort: 80 }],
        },
      ],
    },
  });
  const CASES = [
    { name: 'a controller-run Pod, watched', owner: true, keep: 'view' as const, trimmed: true },
    {
      name: 'a bare Pod, watched (the TUI renders it as YAML to apply)',
      owner: false,
      keep: 'view' as const,
      trimmed: false,
    },
    { name: 'a bare Pod, scanned', owner: false, keep: 'rules' as const, trimmed: true },
    { name: 'a controller-run Pod, scanned', owner: true, keep: 'rules' as const, trimmed: true },
  ];
  for (const c of CASES)
    it(c.name, () => {
      const { value } = toManifestObject(pod(c.owner), podKind, c.keep);
      assert.deepEqual(value.spec.containers[0].ports, [{ containerPort: 80, hostPort: 80 }]);
      assert.equal(value.metadata.annotations['portguard.dev/ignore'], 'host-port');
      assert.equal(value.spec.containers[0].env === undefined, c.trimmed);
      assert.equal(value.spec.volumes === undefined, c.trimmed);
      assert.equal(value.metadata.annotations.other === undefined, c.trimmed);
    });
});
