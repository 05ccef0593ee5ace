// Property test: generated manifests with comments, in every style, fixed with every target.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Document, isMap, isPair, isScalar, isSeq, visit, type Node } from 'yaml';
import {
  findPodSpec,
  fixText,
  parseManifests,
  REMEDIATION_TARGETS,
  scanFiles,
  type KubeObject,
} from '../../src/index.js';

const KINDS: Array<[string, string]> = [
  ['v1', 'Pod'],
  ['apps/v1', 'Deployment'],
  ['apps/v1', 'ReplicaSet'],
  ['v1', 'ReplicationController'],
  ['apps/v1', 'StatefulSet'],
  ['apps/v1', 'DaemonSet'],
  ['batch/v1', 'Job'],
  ['batch/v1', 'CronJob'],
  ['v1', 'PodTemplate'],
  ['argoproj.io/v1alpha1', 'Rollout'],
];
/** Keys a fix removes: their own trailing comments go with them, so none are generated there. */
const REMOVED_KEYS = new Set([
  'hostPort',
  'hostIP',
  'hostNetwork',
  'dnsPolicy',
  'nodePort',
  'externalIPs',
]);
const PORT_NAMES = ['http', 'web', 'metrics', 'grpc', 'admin', 'dns'];

const portArb = fc.record({
  containerPort: fc.constantFrom(53, 80, 443, 3000, 5432, 8080, 9090, 9100),
  name: fc.option(fc.constantFrom(...PORT_NAMES), { nil: undefined }),
  hostPort: fc.option(fc.constantFrom(80, 8080, 9100, 30000), { nil: undefined }),
  hostIP: fc.option(fc.constant('10.0.0.1'), { nil: undefined }),
  udp: fc.boolean(),
});

const manifestArb = fc.record({
  kind: fc.constantFrom(...KINDS),
  name: fc.constantFrom('web', 'api', 'agent'),
  namespace: fc.option(fc.constantFrom('team-a', 'team-b'), { nil: undefined }),
  labels: fc.uniqueArray(fc.constantFrom('app', 'tier', 'track'), { maxLength: 3 }),
  hostNetwork: fc.boolean(),
  dnsPolicy: fc.boolean(),
  containers: fc.array(fc.array(portArb, { maxLength: 3 }), { minLength: 1, maxLength: 2 }),
  flowPorts: fc.boolean(),
  service: fc.constantFrom('none', 'nodeport', 'external-ips', 'loadbalancer', 'matching'),
  indent: fc.constantFrom(2, 4),
  indentSeq: fc.boolean(),
  crlf: fc.boolean(),
  commentSpots: fc.uniqueArray(fc.nat(120), { maxLength: 12 }),
});
type Manifest = typeof manifestArb extends fc.Arbitrary<infer T> ? T : never;

function podSpec(m: Manifest): KubeObject {
  const names = new Set<string>();
  const spec: KubeObject = {};
  if (m.hostNetwork) spec.hostNetwork = true;
  if (m.hostNetwork && m.dnsPolicy) spec.dnsPolicy = 'ClusterFirstWithHostNet';
  spec.containers = m.containers.map((ports, c) => {
    const container: KubeObject = { name: `c${c}`, image: 'img:1' };
    if (ports.length) {
      container.ports = ports.map((p) => {
        const out: KubeObject = {};
        if (p.name && !names.has(p.name)) {
          names.add(p.name);
          out.name = p.name;
        }
        out.containerPort = p.containerPort;
        if (p.hostPort) out.hostPort = m.hostNetwork ? p.containerPort : p.hostPort;
        if (p.hostPort && p.hostIP) out.hostIP = p.hostIP;
        if (p.udp) out.protocol = 'UDP';
        return out;
      });
    }
    return container;
  });
  return spec;
}

function workload(m: Manifest): KubeObject {
  const [apiVersion, kind] = m.kind;
  const labels = Object.fromEntries(m.labels.map((k) => [k, `${m.name}-${k}`]));
  const template: KubeObject = {};
  if (m.labels.length) template.metadata = { labels };
  template.spec = podSpec(m);
  const metadata: KubeObject = { name: m.name };
  if (m.namespace) metadata.namespace = m.namespace;
  if (kind === 'Pod') {
    if (m.labels.length) metadata.labels = labels;
    return { apiVersion, kind, metadata, spec: template.spec };
  }
  if (kind === 'PodTemplate') return { apiVersion, kind, metadata, template };
  if (kind === 'CronJob') {
    return {
      apiVersion,
      kind,
      metadata,
      spec: { schedule: '@hourly', jobTemplate: { spec: { template } } },
    };
  }
  const spec: KubeObject = {};
  if (m.labels.length && kind !== 'Job') {
    const first = { [m.labels[0]]: labels[m.labels[0]] };
    spec.selector = kind === 'ReplicationController' ? first : { matchLabels: first };
  }
  spec.template = template;
  return { apiVersion, kind, metadata, spec };
}

function service(m: Manifest): KubeObject | undefined {
  if (m.service === 'none') return undefined;
  const selector = m.labels.length
    ? { [m.labels[0]]: `${m.name}-${m.labels[0]}` }
    : { app: 'other' };
  const spec: KubeObject = { selector, ports: [{ name: 'http', port: 80, targetPort: 8080 }] };
  if (m.service === 'nodeport') {
    spec.type = 'NodePort';
    spec.ports[0].nodePort = 30080;
  }
  if (m.service === 'loadbalancer') spec.type = 'LoadBalancer';
  if (m.service === 'external-ips') spec.externalIPs = ['203.0.113.10'];
  const metadata: KubeObject = { name: `${m.name}-svc` };
  if (m.namespace) metadata.namespace = m.namespace;
  return { apiVersion: 'v1', kind: 'Service', metadata, spec };
}

/** Renders one object with numbered comments (`# c<N>`) on some keys (before) and values (after). */
function render(obj: KubeObject, m: Manifest, counter: { n: number }): string {
  const doc = new Document(obj);
  let spot = 0;
  const spots = new Set(m.commentSpots);
  visit(doc, {
    Seq(_k, seq) {
      if (m.flowPorts && seq.items.some((i) => isMap(i) && i.has('containerPort'))) seq.flow = true;
    },
    Pair(_k, pair, path) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      if (path.some((p) => (isMap(p) || isSeq(p)) && (p as { flow?: boolean }).flow)) return;
      const key = String(pair.key.value);
      if (spots.has(spot++)) (pair.key as Node).commentBefore = ` c${counter.n++}`;
      if (spots.has(spot++) && isScalar(pair.value) && !REMOVED_KEYS.has(key)) {
        (pair.value as Node).comment = ` c${counter.n++}`;
      }
    },
  });
  return doc.toString({ indent: m.indent, indentSeq: m.indentSeq, lineWidth: 0 });
}

function manifestText(m: Manifest): string {
  const counter = { n: 0 };
  const docs = [
    `# c${counter.n++} head\n${render(workload(m), m, counter)}`,
    ...[service(m)]
      .filter((s): s is KubeObject => s !== undefined)
      .map((s) => render(s, m, counter)),
    `# c${counter.n++} tail\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n`,
  ];
  const text = docs.join('---\n');
  return m.crlf ? text.replace(/\n/g, '\r\n') : text;
}

const FIXABLE = new Set([
  'host-port',
  'host-network',
  'nodeport-service',
  'loadbalancer-node-ports',
  'external-ips',
]);

describe('fix property: generated manifests with comments', function () {
  this.timeout(120_000);
  for (const to of REMEDIATION_TARGETS) {
    it(`--to ${to}: parses, fixes, keeps comments and other objects, converges`, () => {
      fc.assert(
        fc.property(manifestArb, (m) => {
          const text = manifestText(m);
          const file = 'gen.yaml';
          const before = scanFiles([{ file, text }]);
          assert.deepEqual(before.errors, [], text);
          const result = fixText(text, file, { to });
          const after = parseManifests(result.text, file);
          assert.deepEqual(after.errors, [], result.text);
          // every comment of the input is still there
          for (const c of text.match(/# c\d+/g) ?? [])
            assert.ok(result.text.includes(c), `${c} lost:\n${result.text}`);
          // every remaining finding of a fixable rule says why it was not fixed; hostPorts always go
          const rescan = scanFiles([{ file, text: result.text }]).findings.filter((f) =>
            FIXABLE.has(f.rule),
          );
          for (const f of rescan)
            assert.ok(
              result.reasons.has(
                result.remaining.find((r) => r.path === f.path && r.rule === f.rule)!,
              ),
              `${f.rule} ${f.path} unfixed without reason`,
            );
          assert.deepEqual(
            rescan.filter((f) => f.rule === 'host-port').map((f) => f.path),
            [],
          );
          // a second run changes nothing
          assert.equal(fixText(result.text, file, { to }).text, result.text);
          // the ConfigMap and every original object keep their identity
          const names = (p: ReturnType<typeof parseManifests>) =>
            p.objects.map((o) => `${o.ref.kind}/${o.ref.name}`);
          const kept = names(after);
          for (const n of names(parseManifests(text, file)))
            assert.ok(kept.includes(n), `${n} missing`);
          assert.ok(result.text.includes(`apiVersion: v1${m.crlf ? '\r\n' : '\n'}kind: ConfigMap`));
          // every added Service selects the workload's pods and targets one of its container ports
          const wl = after.objects[0].value;
          const pod = findPodSpec(wl)!;
          const podLabels: Record<string, string> =
            (pod.metadataPath.reduce((o: any, k) => o?.[k], wl) as KubeObject | undefined)
              ?.labels ?? {};
          const containerPorts = (pod.spec.containers as KubeObject[]).flatMap(
            (c) => (c.ports ?? []) as KubeObject[],
          );
          for (const svc of after.objects.filter(
            (o) => o.value.kind === 'Service' && o.ref.name !== `${m.name}-svc`,
          )) {
            for (const [k, v] of Object.entries(svc.value.spec.selector))
              assert.equal(podLabels[k], v, `selector ${k}`);
            for (const p of svc.value.spec.ports) {
              assert.ok(
                containerPorts.some((c) =>
                  typeof p.targetPort === 'string'
                    ? c.name === p.targetPort
                    : c.containerPort === p.targetPort,
                ),
                `targetPort ${p.targetPort} of ${svc.ref.name}`,
              );
            }
          }
        }),
        { numRuns: 60 },
      );
    });
  }
});
