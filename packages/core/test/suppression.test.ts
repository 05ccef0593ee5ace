// Suppression: ignore annotations on objects and namespaces, config exemptions and severities, and the live-cluster trust rule.
import assert from 'node:assert/strict';
import {
  defaultConfig,
  findRule,
  loadConfig,
  parseManifests,
  refOf,
  scanFiles,
  scanObjects,
  type KubeObject,
  type ManifestObject,
  type ScanOptions,
} from '../src/index.js';

/** A Deployment in `ns` with hostPort 8080 and hostNetwork, and the given annotations. */
function workload(ns: string, name: string, annotations: Record<string, string> = {}): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, annotations },
    spec: {
      template: {
        spec: {
          hostNetwork: true,
          containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 8080 }] }],
        },
      },
    },
  };
}

function namespace(name: string, annotations: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, annotations } };
}

function fromCluster(...values: KubeObject[]): ManifestObject[] {
  return values.map((value) => ({ value, ref: refOf(value), origin: 'cluster' as const }));
}

function fromFile(...values: KubeObject[]): ManifestObject[] {
  const text = values.map((v) => JSON.stringify(v)).join('\n---\n');
  return parseManifests(text, 'objects.yaml').objects;
}

/** The two single-object rules these tests exercise; conflicts and posture have their own tests. */
const RULES = [findRule('host-network')!, findRule('host-port')!];

/** `rule name → suppression` for the suppressed, `rule name` for the reported. */
function outcome(objects: ManifestObject[], options: ScanOptions = {}) {
  const { findings, suppressed } = scanObjects(objects, { rules: RULES, ...options });
  return {
    reported: findings.map((f) => `${f.rule} ${f.object.name}`),
    suppressed: suppressed.map((f) => ({
      what: `${f.rule} ${f.object.name}`,
      kind: f.suppressed?.kind,
      reason: f.suppressed?.reason,
    })),
  };
}

describe('suppression by annotation', () => {
  it('a list of rules suppresses those rules only, with the reason', () => {
    const objects = fromFile(
      workload('team-a', 'web', {
        'portguard.dev/ignore': 'host-port, nodeport-service',
        'portguard.dev/ignore-reason': 'legacy; tracked in INC-1',
      }),
    );
    assert.deepEqual(outcome(objects), {
      reported: ['host-network web'],
      suppressed: [{ what: 'host-port web', kind: 'inSource', reason: 'legacy; tracked in INC-1' }],
    });
  });

  it('`all` suppresses every rule; without a reason the reason is unset', () => {
    const objects = fromFile(workload('team-a', 'web', { 'portguard.dev/ignore': 'all' }));
    assert.deepEqual(outcome(objects), {
      reported: [],
      suppressed: [
        { what: 'host-network web', kind: 'inSource', reason: undefined },
        { what: 'host-port web', kind: 'inSource', reason: undefined },
      ],
    });
  });

  it('a name that is not a rule suppresses nothing', () => {
    const objects = fromFile(workload('team-a', 'web', { 'portguard.dev/ignore': 'hostport' }));
    assert.deepEqual(outcome(objects).reported, ['host-network web', 'host-port web']);
  });

  it("a Namespace's annotation covers the objects in it, not in other namespaces", () => {
    const objects = fromFile(
      namespace('platform', {
        'portguard.dev/ignore': 'host-network',
        'portguard.dev/ignore-reason': 'node agents',
      }),
      workload('platform', 'agent'),
      workload('team-a', 'web'),
    );
    assert.deepEqual(outcome(objects), {
      reported: ['host-port agent', 'host-network web', 'host-port web'],
      suppressed: [{ what: 'host-network agent', kind: 'inSource', reason: 'node agents' }],
    });
  });
});

describe('suppression in live-cluster scans', () => {
  const annotated = () =>
    workload('team-a', 'web', {
      'portguard.dev/ignore': 'all',
      'portguard.dev/ignore-reason': 'trust me',
    });

  it("a tenant's own annotation is ignored: the tenant cannot hide its exposure", () => {
    assert.deepEqual(outcome(fromCluster(annotated())), {
      reported: ['host-network web', 'host-port web'],
      suppressed: [],
    });
  });

  it('with trustObjectAnnotations it counts', () => {
    assert.deepEqual(
      outcome(fromCluster(annotated()), { trustObjectAnnotations: true }).suppressed.map(
        (s) => s.what,
      ),
      ['host-network web', 'host-port web'],
    );
  });

  it('the namespace annotation counts without trust', () => {
    const objects = fromCluster(
      namespace('team-a', { 'portguard.dev/ignore': 'host-port' }),
      workload('team-a', 'web'),
    );
    assert.deepEqual(outcome(objects), {
      reported: ['host-network web'],
      suppressed: [{ what: 'host-port web', kind: 'inSource', reason: undefined }],
    });
  });

  it('the config file counts without trust', () => {
    const config = loadConfig(
      'exemptions:\n  - namespace: team-a\n    rules: [host-port]\n    reason: approved\n',
      '.portguard.yaml',
    );
    assert.deepEqual(outcome(fromCluster(workload('team-a', 'web')), { config }), {
      reported: ['host-network web'],
      suppressed: [{ what: 'host-port web', kind: 'external', reason: 'approved' }],
    });
  });
});

describe('suppression by the config file', () => {
  const objects = () =>
    fromFile(
      workload('team-a', 'web'),
      workload('team-b', 'node-exporter-x'),
      workload('kube-system', 'cilium'),
    );

  const CASES: Array<{ name: string; exemption: string; suppressed: string[] }> = [
    {
      name: 'a namespace glob',
      exemption: 'namespace: "team-*"',
      suppressed: [
        'host-network node-exporter-x',
        'host-network web',
        'host-port node-exporter-x',
        'host-port web',
      ],
    },
    {
      name: 'a name glob and a kind',
      exemption: 'kind: Deployment\n    name: "node-exporter*"',
      suppressed: ['host-network node-exporter-x', 'host-port node-exporter-x'],
    },
    {
      name: 'a kind that does not match',
      exemption: 'kind: DaemonSet',
      suppressed: [],
    },
    {
      name: 'a namespace and a list of rules',
      exemption: 'namespace: kube-system\n    rules: [host-network]',
      suppressed: ['host-network cilium'],
    },
    {
      name: 'a glob character that is literal elsewhere',
      exemption: 'namespace: "team.a"',
      suppressed: [],
    },
  ];

  for (const c of CASES) {
    it(c.name, () => {
      const config = loadConfig(
        `exemptions:\n  - ${c.exemption}\n    reason: agreed\n`,
        '.portguard.yaml',
      );
      const { suppressed } = outcome(objects(), { config });
      assert.deepEqual(suppressed.map((s) => s.what).sort(), c.suppressed);
      for (const s of suppressed) assert.deepEqual([s.kind, s.reason], ['external', 'agreed']);
    });
  }

  it('per-rule severity changes the finding; off removes it without counting it suppressed', () => {
    const config = loadConfig('rules:\n  host-port: low\n  host-network: off\n', 'c.yaml');
    const result = scanObjects(fromFile(workload('team-a', 'web')), { config, rules: RULES });
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.severity]),
      [['host-port', 'low']],
    );
    assert.deepEqual(result.suppressed, []);
  });

  it('the default config suppresses nothing', () => {
    const result = scanObjects(fromFile(workload('team-a', 'web')), {
      config: defaultConfig(),
      rules: RULES,
    });
    assert.equal(result.suppressed.length, 0);
    assert.equal(result.findings.length, 2);
  });
});

describe('suppressed findings in the summary', () => {
  it('are counted as suppressed, not as findings or by severity', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations: {portguard.dev/ignore: host-pid, portguard.dev/ignore-reason: debugging}',
      'spec:',
      '  hostPID: true',
      '  hostIPC: true',
      '  containers: [{name: c}]',
      '',
    ].join('\n');
    const rules = [findRule('host-pid')!, findRule('host-ipc')!];
    const result = scanFiles([{ file: 'p.yaml', text }], { rules });
    assert.deepEqual(result.summary, {
      objects: 1,
      findings: 1,
      suppressed: 1,
      bySeverity: { high: 0, medium: 1, low: 0, info: 0 },
    });
    const [s] = result.suppressed;
    assert.deepEqual(
      [s.rule, s.suppressed, s.file, s.range?.start.line],
      ['host-pid', { kind: 'inSource', reason: 'debugging' }, 'p.yaml', 7],
    );
  });
});
