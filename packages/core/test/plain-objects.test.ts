// Plain objects from a live cluster (no source positions) go through the same rules as files.
import assert from 'node:assert/strict';
import { refOf, scanFiles, scanObjects, type KubeObject } from '../src/index.js';
import { CONTRACT_RULES } from './helpers/contract-rules.js';

const OBJECTS: KubeObject[] = [
  {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'agent', namespace: 'team-b' },
    spec: {
      template: {
        spec: {
          hostNetwork: true,
          hostPID: true,
          containers: [{ name: 'agent', ports: [{ containerPort: 9100, hostPort: 9100 }] }],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'team-a' },
    spec: { containers: [{ name: 'app', ports: [{ containerPort: 9100, hostPort: '9100' }] }] },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'team-a' },
    spec: { type: 'NodePort', externalIPs: ['192.0.2.1'], ports: [{ port: 80, nodePort: 30080 }] },
  },
];

const contractOnly = <T extends { rule: string }>(fs: T[]) =>
  fs.filter((f) => CONTRACT_RULES.includes(f.rule));

describe('plain objects (live cluster)', () => {
  it('yield the same findings as the same objects in a file, without file or range', () => {
    const live = contractOnly(
      scanObjects(OBJECTS.map((value) => ({ value, ref: refOf(value), origin: 'cluster' })))
        .findings,
    );
    const text = OBJECTS.map((o) => JSON.stringify(o)).join('\n---\n');
    const fromFile = contractOnly(scanFiles([{ file: 'o.yaml', text }]).findings);
    const key = (f: { rule: string; path: string; message: string; object: { name: string } }) =>
      `${f.object.name} ${f.rule} ${f.path} ${f.message}`;
    assert.deepEqual(live.map(key).sort(), fromFile.map(key).sort());
    assert.deepEqual(live.map(key).sort(), [
      'agent host-network spec.template.spec.hostNetwork DaemonSet "agent" uses hostNetwork=true and listens on node port 9100',
      'agent host-pid spec.template.spec.hostPID pod uses hostPID=true',
      'agent host-port spec.template.spec.containers[0].ports[0].hostPort container "agent" uses hostPort 9100',
      'agent host-port-conflict spec.template.spec.containers[0].ports[0].hostPort hostPort 9100/TCP is also requested by Pod team-a/web-1 of another tenant',
      'web external-ips spec.externalIPs Service "web" claims externalIPs 192.0.2.1 (CVE-2020-8554); use a LoadBalancer Service or an Ingress instead',
      'web nodeport-service spec.type Service "web" is of type NodePort and opens node port 30080 on every node',
      'web-1 host-port spec.containers[0].ports[0].hostPort container "app" uses hostPort 9100',
      'web-1 host-port-conflict spec.containers[0].ports[0].hostPort hostPort 9100/TCP is also requested by DaemonSet team-b/agent of another tenant',
    ]);
    for (const f of live) {
      assert.equal(f.file, undefined);
      assert.equal(f.range, undefined);
    }
  });
});
