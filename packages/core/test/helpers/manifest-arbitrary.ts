// fast-check arbitraries for manifest files: the shapes rules read, written in every style YAML allows.
import fc from 'fast-check';
import { stringify } from 'yaml';
import type { FileInput, KubeObject } from '../../src/index.js';

const NAMESPACES = ['team-a', 'team-b', 'kube-system', undefined] as const;
const WORDS = [
  'hostPort: 8080',
  'nodePort: 30080',
  'type: NodePort',
  'hostNetwork: true',
  'kind: Namespace',
  'portguard.dev/ignore: all',
  'plain words',
  'externalIPs: [1.2.3.4]',
] as const;

const meta = fc.record({
  name: fc.constantFrom('web', 'api', 'db', 'edge'),
  namespace: fc.constantFrom(...NAMESPACES),
  ignore: fc.constantFrom(undefined, undefined, 'host-port', 'all', 'nodeport-service'),
  tenantLabel: fc.constantFrom(undefined, 'shop', 'bank'),
});

/** The value an arbitrary makes. */
type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;

type Meta = { name: string; namespace?: string; ignore?: string; tenantLabel?: string };

function metadata(m: Meta, labels: Record<string, string> | undefined): KubeObject {
  const md: KubeObject = { name: m.name };
  if (m.namespace) md.namespace = m.namespace;
  if (labels) md.labels = labels;
  if (m.ignore)
    md.annotations = {
      'portguard.dev/ignore': m.ignore,
      'portguard.dev/ignore-reason': 'reviewed',
    };
  return md;
}

const port = fc.record({
  containerPort: fc.constantFrom(80, 8080, 9090),
  hostPort: fc.constantFrom(undefined, undefined, 80, 8080, '8080', 0),
  protocol: fc.constantFrom(undefined, 'TCP', 'UDP'),
});

const workload = fc.record({
  kind: fc.constantFrom('Pod', 'Deployment', 'DaemonSet', 'CronJob', 'Rollout'),
  meta,
  ports: fc.array(port, { maxLength: 2 }),
  hostNetwork: fc.constantFrom(undefined, undefined, true, false),
  hostPID: fc.constantFrom(undefined, undefined, true),
  hostIPC: fc.constantFrom(undefined, undefined, true),
  nodeSelector: fc.constantFrom(undefined, { zone: 'a' }, { zone: 'b' }),
  shareLabels: fc.boolean(),
});

function workloadObject(w: Value<typeof workload>): KubeObject {
  const labels = { app: w.meta.name };
  const container: KubeObject = { name: 'app', image: 'nginx:1.27' };
  if (w.ports.length) {
    container.ports = w.ports.map((p) => {
      const out: KubeObject = { containerPort: p.containerPort };
      if (p.hostPort !== undefined) out.hostPort = p.hostPort;
      if (p.protocol) out.protocol = p.protocol;
      return out;
    });
  }
  const podSpec: KubeObject = { containers: [container] };
  if (w.hostNetwork !== undefined) podSpec.hostNetwork = w.hostNetwork;
  if (w.hostPID) podSpec.hostPID = true;
  if (w.hostIPC) podSpec.hostIPC = true;
  if (w.nodeSelector) podSpec.nodeSelector = w.nodeSelector;
  const apiVersion =
    w.kind === 'Pod'
      ? 'v1'
      : w.kind === 'CronJob'
        ? 'batch/v1'
        : w.kind === 'Rollout'
          ? 'argoproj.io/v1alpha1'
          : 'apps/v1';
  const head = { apiVersion, kind: w.kind, metadata: metadata(w.meta, labels) };
  if (w.kind === 'Pod') return { ...head, spec: podSpec };
  // The same labels object twice: `yaml` writes it once with an anchor and then an alias.
  const template = { metadata: { labels: w.shareLabels ? labels : { ...labels } }, spec: podSpec };
  if (w.kind === 'CronJob')
    return { ...head, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template } } } };
  return {
    ...head,
    spec: { selector: { matchLabels: w.shareLabels ? labels : { ...labels } }, template },
  };
}

const service = fc.record({
  meta,
  type: fc.constantFrom(undefined, 'ClusterIP', 'NodePort', 'LoadBalancer'),
  nodePort: fc.constantFrom(undefined, 30080, 30081),
  externalIPs: fc.constantFrom(undefined, [], ['10.0.0.1']),
  allocate: fc.constantFrom(undefined, false, true),
});

function serviceObject(s: Value<typeof service>): KubeObject {
  const spec: KubeObject = {
    selector: { app: s.meta.name },
    ports: [{ port: 80, targetPort: 8080 }],
  };
  if (s.type) spec.type = s.type;
  if (s.nodePort) spec.ports[0].nodePort = s.nodePort;
  if (s.externalIPs) spec.externalIPs = s.externalIPs;
  if (s.allocate !== undefined) spec.allocateLoadBalancerNodePorts = s.allocate;
  return { apiVersion: 'v1', kind: 'Service', metadata: metadata(s.meta, undefined), spec };
}

const namespace = fc.record({
  meta,
  level: fc.constantFrom(undefined, 'baseline', 'privileged', 'restricted'),
});

function namespaceObject(n: Value<typeof namespace>): KubeObject {
  const labels: Record<string, string> = {};
  if (n.meta.tenantLabel) labels['capsule.clastix.io/tenant'] = n.meta.tenantLabel;
  if (n.level) labels['pod-security.kubernetes.io/enforce'] = n.level;
  const name = n.meta.namespace ?? 'default';
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: metadata(
      { ...n.meta, name, namespace: undefined },
      Object.keys(labels).length ? labels : undefined,
    ),
  };
}

const configMap = fc.record({
  meta,
  data: fc.array(fc.constantFrom(...WORDS), { maxLength: 3 }),
  multiline: fc.boolean(),
});

function configMapObject(c: Value<typeof configMap>): KubeObject {
  const data: Record<string, string> = {};
  c.data.forEach((w, i) => (data[`k${i}`] = w));
  if (c.multiline) data.script = `${c.data.join('\n')}\necho done\n`;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: metadata(c.meta, undefined), data };
}

const networkPolicy = meta.map((m) => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: metadata({ ...m, ignore: undefined }, undefined),
  spec: { podSelector: {} },
}));

const object: fc.Arbitrary<KubeObject> = fc.oneof(
  { weight: 4, arbitrary: workload.map(workloadObject) },
  { weight: 3, arbitrary: service.map(serviceObject) },
  { weight: 1, arbitrary: namespace.map(namespaceObject) },
  { weight: 2, arbitrary: configMap.map(configMapObject) },
  { weight: 1, arbitrary: networkPolicy },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.oneof(workload.map(workloadObject), service.map(serviceObject)), { maxLength: 3 })
      .map((items) => ({ apiVersion: 'v1', kind: 'List', items })),
  },
);

const STYLES = [
  'block',
  'block',
  'block',
  'flow',
  'json',
  'json-compact',
  'quoted',
  'quoted-keys',
  'single',
] as const;

function render(obj: KubeObject, style: (typeof STYLES)[number]): string {
  switch (style) {
    case 'block':
      return stringify(obj);
    case 'flow':
      return stringify(obj, { collectionStyle: 'flow' });
    case 'json':
      return JSON.stringify(obj, null, 2) + '\n';
    case 'json-compact':
      return JSON.stringify(obj) + '\n';
    case 'quoted':
      return stringify(obj, { defaultStringType: 'QUOTE_DOUBLE' });
    case 'quoted-keys':
      return stringify(obj, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'QUOTE_DOUBLE' });
    case 'single':
      return stringify(obj, { defaultStringType: 'QUOTE_SINGLE' });
  }
}

const COMMENTS = ['# hostPort: 80 was here', '# a note', '#', '# kind: Namespace'];

/** Comment lines and trailing comments at random places (both scans must still agree, errors too). */
function withComments(text: string, picks: readonly number[]): string {
  if (picks.length === 0) return text;
  const lines = text.split('\n');
  picks.forEach((p, i) => {
    const at = p % Math.max(1, lines.length);
    const comment = COMMENTS[i % COMMENTS.length];
    if (p % 3 === 0) {
      // Not before a blank line: inside a multi-line quoted string that line has no indent to copy,
      // and a comment at column 0 there breaks the string (the generator promises valid YAML).
      if ((lines[at] ?? '').trim() === '') return;
      const indent = /^ */.exec(lines[at] ?? '')?.[0] ?? '';
      lines.splice(at, 0, indent + comment);
    } else if (lines[at] && !lines[at].endsWith('|') && !lines[at].endsWith('|-')) {
      lines[at] += `  ${comment}`;
    }
  });
  return lines.join('\n');
}

const document = fc.record({
  object,
  style: fc.constantFrom(...STYLES),
  comments: fc.array(fc.nat(200), { maxLength: 3 }),
  separator: fc.constantFrom('---\n', '---\n', '--- # next\n', '---\n---\n', '---\n# between\n'),
});

/** One to three files of documents in mixed styles. */
export function manifestFile(): fc.Arbitrary<FileInput[]> {
  return fc
    .array(fc.array(document, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 })
    .map((files) =>
      files.map((docs, i) => ({
        file: `f${i}.yaml`,
        text: docs
          .map(
            (d, j) => (j ? d.separator : '') + withComments(render(d.object, d.style), d.comments),
          )
          .join(''),
      })),
    );
}
