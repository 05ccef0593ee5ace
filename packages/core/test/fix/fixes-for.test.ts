// fixesFor / whyNoFix / ignoreAnnotationFix: the per-finding API the language server builds on.
import assert from 'node:assert/strict';
import {
  applyEdits,
  fixesFor,
  ignoreAnnotationFix,
  NO_GATEWAY_REASON,
  NO_PORTS_REASON,
  parseManifests,
  scanObjects,
  whyNoFix,
  type Finding,
} from '../../src/index.js';

function findingsOf(text: string, file = 'x.yaml') {
  const parsed = parseManifests(text, file);
  return { parsed, findings: scanObjects(parsed.objects).findings };
}

function only(text: string, rule: string, file = 'x.yaml') {
  const { parsed, findings } = findingsOf(text, file);
  const finding = findings.find((f) => f.rule === rule) as Finding;
  assert.ok(finding, `a ${rule} finding`);
  return { parsed, finding };
}

const SHARED = { namespace: 'gateway-system', name: 'shared' };

const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  'spec:',
  '  selector:',
  '    matchLabels: {app: web}',
  '  template:',
  '    metadata:',
  '      labels: {app: web}',
  '    spec:',
  '      containers:',
  '        - name: app',
  '          image: nginx',
  '          ports:',
  '            - name: http',
  '              containerPort: 80',
  '              hostPort: 8080',
  '',
].join('\n');

describe('fixesFor', () => {
  it('offers every target for a hostPort, the ClusterIP Service preferred, all as suggestions', () => {
    const { parsed, finding } = only(deployment, 'host-port');
    const fixes = fixesFor(parsed, finding);
    assert.deepEqual(
      fixes.map((f) => [f.id, f.kind, f.isPreferred, f.target, f.title]),
      [
        [
          'host-port/service',
          'suggestion',
          true,
          'service',
          'Replace hostPort 8080 with a ClusterIP Service "web"',
        ],
        [
          'host-port/ingress',
          'suggestion',
          false,
          'ingress',
          'Replace hostPort 8080 with a ClusterIP Service "web" and an Ingress "web"',
        ],
        [
          'host-port/loadbalancer',
          'suggestion',
          false,
          'loadbalancer',
          'Replace hostPort 8080 with a LoadBalancer Service "web" without node ports',
        ],
      ],
    );
  });

  it('builds only the requested target, with edits into the original text', () => {
    const { parsed, finding } = only(deployment, 'host-port');
    const [fix, ...rest] = fixesFor(parsed, finding, {
      to: 'ingress',
      ingressClassName: 'nginx',
      host: 'shop.example.org',
    });
    assert.equal(rest.length, 0);
    const out = applyEdits(deployment, fix.edits).text;
    assert.ok(!out.includes('hostPort:'));
    assert.match(out, /ingressClassName: nginx\n {2}rules:\n {4}- host: shop\.example\.org\n/);
  });

  it('offers no Ingress and no HTTPRoute for a port that is not HTTP-like', () => {
    const text = deployment
      .replace('name: http', 'name: pg')
      .replace('containerPort: 80', 'containerPort: 5432');
    const { parsed, finding } = only(text, 'host-port');
    assert.deepEqual(
      fixesFor(parsed, finding, { gateway: SHARED }).map((f) => f.id),
      ['host-port/service', 'host-port/loadbalancer'],
    );
    assert.equal(
      whyNoFix(parsed, finding, { to: 'ingress' }),
      'no port is HTTP-like, so an Ingress cannot serve it',
    );
    assert.equal(
      whyNoFix(parsed, finding, { to: 'gateway', gateway: SHARED }),
      'no port is HTTP-like, so an HTTPRoute cannot serve it',
    );
  });

  it('offers a Service and an HTTPRoute on the shared Gateway once one is named', () => {
    const { parsed, finding } = only(deployment, 'host-port');
    assert.ok(!fixesFor(parsed, finding).some((f) => f.target === 'gateway'));
    assert.equal(whyNoFix(parsed, finding, { to: 'gateway' }), NO_GATEWAY_REASON);
    const [fix, ...rest] = fixesFor(parsed, finding, { to: 'gateway', gateway: SHARED });
    assert.equal(rest.length, 0);
    assert.deepEqual(
      [fix.id, fix.target, fix.isPreferred, fix.title],
      [
        'host-port/gateway',
        'gateway',
        false,
        'Replace hostPort 8080 with a ClusterIP Service "web" and an HTTPRoute "web"',
      ],
    );
    const out = applyEdits(deployment, fix.edits).text;
    const route = out.slice(out.indexOf('apiVersion: gateway.networking.k8s.io/v1'));
    assert.equal(
      route,
      [
        'apiVersion: gateway.networking.k8s.io/v1',
        'kind: HTTPRoute',
        'metadata:',
        '  name: web',
        'spec:',
        '  parentRefs:',
        '    - name: shared',
        '      namespace: gateway-system',
        '  hostnames:',
        '    - web.example.com',
        '  rules:',
        '    - backendRefs:',
        '        - name: web',
        '          port: 8080',
        '',
      ].join('\n'),
    );
  });

  it("never gives a StatefulSet's new Service the governing spec.serviceName", () => {
    const sts = deployment
      .replace('kind: Deployment', 'kind: StatefulSet')
      .replace('spec:\n  selector:', 'spec:\n  serviceName: web\n  selector:');
    const { parsed, finding } = only(sts, 'host-port');
    const [fix] = fixesFor(parsed, finding, { to: 'service' });
    assert.equal(fix.title, 'Replace hostPort 8080 with a ClusterIP Service "web-portguard"');
    const other = sts.replace('serviceName: web', 'serviceName: web-headless');
    const o = only(other, 'host-port');
    assert.equal(
      fixesFor(o.parsed, o.finding, { to: 'service' })[0].title,
      'Replace hostPort 8080 with a ClusterIP Service "web"',
    );
  });

  it('says why a hostPort that comes from an alias is not fixed', () => {
    const text = [
      'x-port: &port {name: http, containerPort: 80, hostPort: 8080}',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p, labels: {app: p}}',
      'spec:',
      '  containers:',
      '    - name: c',
      '      image: x',
      '      ports:',
      '        - *port',
      '',
    ].join('\n');
    const { parsed, finding } = only(text, 'host-port');
    assert.deepEqual(fixesFor(parsed, finding), []);
    assert.equal(
      whyNoFix(parsed, finding),
      'the hostPort comes from a YAML alias or merge key; edit the anchored value itself',
    );
  });

  it('a hostNetwork pod without ports: no fix, and the finding itself says why', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: x}]\n';
    const { parsed, finding } = only(text, 'host-network');
    assert.deepEqual(fixesFor(parsed, finding), []);
    assert.equal(whyNoFix(parsed, finding), NO_PORTS_REASON);
    assert.deepEqual(finding.data, { ports: [], noFix: NO_PORTS_REASON });
  });

  it('says why rules without a remediation have none', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: true\n  containers: [{name: c, image: x}]\n';
    const { parsed, finding } = only(text, 'host-pid');
    assert.deepEqual(fixesFor(parsed, finding), []);
    assert.equal(whyNoFix(parsed, finding), 'portguard has no automatic fix for host-pid');
  });

  it('leaves a broken document beside the fixed one as it was', () => {
    const text = `${deployment}---\napiVersion: v1\nkind: Pod\nmetadata: {name: broken\n`;
    const { parsed, finding } = only(text, 'host-port');
    assert.equal(parsed.errors.length, 1);
    const [fix] = fixesFor(parsed, finding, { to: 'service' });
    const out = applyEdits(text, fix.edits).text;
    assert.ok(out.endsWith('---\napiVersion: v1\nkind: Pod\nmetadata: {name: broken\n'));
    assert.equal(parseManifests(out, 'x.yaml').errors.length, 1);
  });
});

describe('ignoreAnnotationFix', () => {
  const cases: Array<{ name: string; text: string; rule: string; out: string | undefined }> = [
    {
      name: 'adds annotations after the name',
      text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  labels: {a: b}\nspec:\n  type: NodePort\n',
      rule: 'nodeport-service',
      out: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    portguard.dev/ignore: "nodeport-service"\n  labels: {a: b}\nspec:\n  type: NodePort\n',
    },
    {
      name: 'merges with an existing value, keeping its quotes',
      text: "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    portguard.dev/ignore: 'external-ips'\nspec:\n  type: NodePort\n",
      rule: 'nodeport-service',
      out: "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  annotations:\n    portguard.dev/ignore: 'external-ips,nodeport-service'\nspec:\n  type: NodePort\n",
    },
    {
      name: 'quotes a merged plain value inside a flow map',
      text: 'apiVersion: v1\nkind: Service\nmetadata: {name: s, annotations: {portguard.dev/ignore: host-port}}\nspec: {type: NodePort}\n',
      rule: 'nodeport-service',
      out: 'apiVersion: v1\nkind: Service\nmetadata: {name: s, annotations: {portguard.dev/ignore: "host-port,nodeport-service"}}\nspec: {type: NodePort}\n',
    },
    {
      name: 'JSON keys are quoted',
      text: '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"type": "NodePort"}}',
      rule: 'nodeport-service',
      out: '{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "annotations": {"portguard.dev/ignore": "nodeport-service"}}, "spec": {"type": "NodePort"}}',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const file = c.text.startsWith('{') ? 'x.json' : 'x.yaml';
      const { parsed, finding } = only(c.text, c.rule, file);
      const fix = ignoreAnnotationFix(parsed, finding);
      assert.ok(fix);
      assert.equal(fix.kind, 'fix');
      assert.equal(fix.id, `ignore/${c.rule}`);
      const out = applyEdits(c.text, fix.edits).text;
      assert.equal(out, c.out);
      assert.deepEqual(
        findingsOf(out, file).findings.filter((f) => f.rule === c.rule),
        [],
      );
    });
  }
});
