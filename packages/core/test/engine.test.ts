import assert from 'node:assert/strict';
import {
  isContextObject,
  parseManifests,
  scanFiles,
  scanObjects,
  type Finding,
} from '../src/index.js';

describe('scanFiles', () => {
  it('keeps the findings of valid documents next to a broken one', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a, namespace: t}',
      'spec:',
      '  hostNetwork: true',
      '  containers: [{name: c, image: x}]',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: b',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: c, namespace: t}',
      'spec:',
      '  hostPID: true',
      '  containers: [{name: c, image: x}]',
      '',
    ].join('\n');
    const result = scanFiles([{ file: 'mixed.yaml', text }]);
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.object.name, f.range?.start.line]),
      [
        ['host-network', 'a', 5],
        ['host-pid', 'c', 16],
      ],
    );
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].file, 'mixed.yaml');
    assert.equal(result.errors[0].line, 11);
  });
});

describe('scanObjects with context', () => {
  const NS = [
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: team-a',
    '  labels: {capsule.clastix.io/tenant: shop}',
    '  annotations: {portguard.dev/ignore: host-pid}',
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata: {name: deny-all, namespace: team-a}',
    'spec: {podSelector: {}}',
    '',
  ].join('\n');
  const POD = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: web, namespace: team-a}',
    'spec:',
    '  hostPID: true',
    '  containers: [{name: c, image: x, ports: [{containerPort: 80, hostPort: 80}]}]',
    '',
  ].join('\n');

  it("gives an object the findings it has among the context's objects, without checking them", () => {
    const ns = parseManifests(NS, 'ns.yaml').objects;
    const pod = parseManifests(POD, 'pod.yaml').objects;
    const together = scanObjects([...ns, ...pod]);
    const alone = scanObjects(pod, { context: ns.filter(isContextObject) });
    const onPod = (fs: readonly Finding[]) => fs.filter((f) => f.file === 'pod.yaml');
    assert.deepEqual(alone.findings, onPod(together.findings));
    assert.deepEqual(alone.suppressed, onPod(together.suppressed));
    assert.deepEqual(
      alone.findings.map((f) => [f.rule, f.tenant, f.severity]),
      [['host-port', 'shop', 'high']],
    );
    assert.match(alone.findings[0].message, /bypasses NetworkPolicy "deny-all"/);
  });
});
