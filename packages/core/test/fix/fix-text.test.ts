// fixText: what it reports as fixed and remaining, and that it converges.
import assert from 'node:assert/strict';
import { defaultConfig, fixText, type PortguardConfig } from '../../src/index.js';

describe('fixText', () => {
  const text = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: a, labels: {app: a}}',
    'spec:',
    '  containers:',
    '    - name: c',
    '      image: x',
    '      ports:',
    '        - containerPort: 80',
    '          hostPort: 80',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata: {name: s}',
    'spec:',
    '  type: NodePort',
    '  ports: [{port: 80}]',
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: b}',
    'spec:',
    '  hostPID: true',
    '  containers: [{name: c, image: x}]',
    '',
  ].join('\n');

  it('reports fixed findings at their lines in the input, remaining ones in the result', () => {
    const result = fixText(text, 'f.yaml');
    assert.deepEqual(
      result.fixed.map((f) => `${f.rule} ${f.object.name} ${f.range?.start.line}`),
      ['host-port a 10', 'nodeport-service s 16'],
    );
    assert.deepEqual(
      result.remaining.map(
        (f) =>
          `${f.rule} ${f.object.name} ${result.text.split('\n')[f.range!.start.line - 1].trim()}`,
      ),
      ['host-pid b hostPID: true'],
    );
    assert.deepEqual([...result.reasons.values()], ['portguard has no automatic fix for host-pid']);
  });

  it('--to ingress where no port is HTTP-like: a Service only, and says why of each such finding', () => {
    const db = text.replace(
      /containerPort: 80\n(\s+)hostPort: 80/,
      'containerPort: 5432\n$1hostPort: 5432',
    );
    const result = fixText(db, 'f.yaml', { to: 'ingress' });
    // The NodePort Service s serves port 80: it gets its Ingress; the database pod a does not.
    assert.deepEqual(result.text.match(/kind: Ingress\nmetadata:\n {2}name: \w+/g), [
      'kind: Ingress\nmetadata:\n  name: s',
    ]);
    assert.deepEqual(
      [...result.fallbacks].map(([f, why]) => `${f.rule} ${f.object.name}: ${why}`),
      ['host-port a: no ingress: no port is HTTP-like, so an Ingress cannot serve it'],
    );
    assert.deepEqual(
      result.fixed.map((f) => f.rule),
      ['host-port', 'nodeport-service'],
    );
    assert.equal(fixText(text, 'f.yaml', { to: 'ingress' }).fallbacks.size, 0);
  });

  it('honours the config: a rule turned off is not fixed', () => {
    const result = fixText(text, 'f.yaml', {
      config: defaultConfigWith({ 'nodeport-service': 'off' }),
    });
    assert.deepEqual(
      result.fixed.map((f) => f.rule),
      ['host-port'],
    );
    assert.match(result.text, /type: NodePort/);
  });

  it('fixes documents side by side, yet never gives two new Services one name', () => {
    const workload = (kind: string, port: number) =>
      [
        'apiVersion: apps/v1',
        `kind: ${kind}`,
        'metadata: {name: web, namespace: t}',
        'spec:',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        `    metadata: {labels: {app: web, kind: ${kind.toLowerCase()}}}`,
        '    spec:',
        `      containers: [{name: c, image: x, ports: [{containerPort: ${port}, hostPort: ${port}}]}]`,
        '',
      ].join('\n');
    const result = fixText(
      `${workload('Deployment', 80)}---\n${workload('StatefulSet', 81)}`,
      'f.yaml',
    );
    assert.deepEqual(
      result.fixed.map((f) => f.object.kind),
      ['Deployment', 'StatefulSet'],
    );
    const services = [...result.text.matchAll(/kind: Service\nmetadata:\n {2}name: (\S+)/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(services, ['web', 'web-portguard']);
  });

  it('a file without a final newline gets no blank line before the new Service', () => {
    const result = fixText(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  labels: {app: a}\nspec:\n  containers:\n    - name: c\n      image: x\n      ports:\n        - containerPort: 80\n          hostPort: 80',
      'f.yaml',
    );
    assert.match(result.text, /\n {8}- containerPort: 80\n---\n# added by portguard/);
  });
});

function defaultConfigWith(rules: PortguardConfig['rules']): PortguardConfig {
  const c = defaultConfig();
  return { ...c, rules: { ...c.rules, ...rules } };
}
