// `kubectl portguard policy`: argv in, exit code, stdout and stderr out, through main() with injected I/O.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { startApiServer } from '@portguard/apiserver';
import { generatePolicy, resolvePolicyOptions } from '@portguard/policy';
import { runCli } from './helpers/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'portguard-policy-'));
/** An empty HOME: no ~/.kube/config unless a test writes one. */
const home = join(dir, 'home');
mkdirSync(home);
const env = { HOME: home };
const run = (argv: string[], stdin?: string) => runCli(argv, { cwd: dir, env, stdin });

const NAMESPACES = `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
  labels: {capsule.clastix.io/tenant: oil}
---
apiVersion: v1
kind: Namespace
metadata:
  name: team-b
  labels: {pod-security.kubernetes.io/enforce: restricted}
---
apiVersion: v1
kind: Namespace
metadata:
  name: team-c
  labels: {pod-security.kubernetes.io/enforce: privileged}
---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: v1
kind: Namespace
metadata: {name: ingress-nginx}
---
apiVersion: v1
kind: Namespace
metadata: {name: platform-ops}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: team-d}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: app, image: nginx}]}
`;
writeFileSync(join(dir, 'cluster.yaml'), NAMESPACES);
writeFileSync(join(dir, '.portguard.yaml'), 'systemNamespaces: [platform-*]\n');
writeFileSync(
  join(dir, 'broken.yaml'),
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: ok-ns}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: [\n',
);

const PSA_HEADER = [
  '# Pod Security Admission at baseline, enforce mode: refuses pods with hostPort, hostNetwork, hostPID or hostIPC.',
  '# It does not cover Services: use --engine vap, kyverno or gatekeeper against NodePort Services and externalIPs.',
];

const kinds = (yaml: string) => parseAllDocuments(yaml).map((d) => (d.toJS() as any).kind);

describe('policy', () => {
  const engines: Array<[string[], string[]]> = [
    [
      ['--engine', 'vap'],
      ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    ],
    [['--engine', 'kyverno'], ['ClusterPolicy']],
    [
      ['--engine', 'gatekeeper'],
      ['ConstraintTemplate', 'PortguardHostExposure'],
    ],
  ];
  for (const [args, expected] of engines) {
    it(`${args.join(' ')} prints ${expected.join(' + ')} as YAML and exits 0`, async () => {
      const r = await run(['policy', ...args]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.deepEqual(kinds(r.stdout), expected);
    });
  }

  it('passes --exempt-namespace (repeatable) and --action to the generator', async () => {
    const r = await run([
      'policy',
      '--engine',
      'vap',
      '--exempt-namespace',
      'ingress-nginx',
      '--exempt-namespace',
      'monitoring',
      '--action',
      'warn',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const expected = generatePolicy(
      'vap',
      resolvePolicyOptions({ exemptNamespaces: ['ingress-nginx', 'monitoring'], action: 'warn' }),
    );
    assert.equal(r.stdout, expected);
    const binding = parseAllDocuments(r.stdout)[1].toJS();
    assert.deepEqual(binding.spec.validationActions, ['Warn']);
    assert.deepEqual(binding.spec.matchResources.namespaceSelector.matchExpressions[0].values, [
      'kube-system',
      'ingress-nginx',
      'monitoring',
    ]);
  });

  const errors: Array<[string[], string]> = [
    [['policy'], 'error: Missing required argument: engine\n'],
    [
      ['policy', '--engine', 'opa'],
      'error: invalid value "opa" for --engine; choose from vap, kyverno, gatekeeper, psa\n',
    ],
    [
      ['policy', '--engine', 'vap', '--action', 'block'],
      'error: invalid value "block" for --action; choose from deny, warn, audit\n',
    ],
    [
      ['policy', '--engine', 'vap', '--exempt-namespace', 'Team_A'],
      'error: exempt namespace "Team_A" is not a valid namespace name (lowercase letters, digits and "-", at most 63)\n',
    ],
    [
      ['policy', '--engine', 'kyverno', '-f', 'cluster.yaml'],
      'error: --filename (-f) is only used with --engine psa\n',
    ],
    [
      ['policy', '--engine', 'psa', '--kubeconfig', 'missing.yaml'],
      'error: kubeconfig file missing.yaml does not exist\n',
    ],
    [['policy', '--engine', 'psa', '-f', 'nowhere.yaml'], /^error: nowhere\.yaml: .+\n$/.source],
  ];
  for (const [argv, stderr] of errors) {
    it(`${argv.join(' ')}: exit 2 with one line on stderr`, async () => {
      const r = await run(argv);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      if (stderr.startsWith('^')) assert.match(r.stderr, new RegExp(stderr));
      else assert.equal(r.stderr, stderr);
    });
  }

  it('--engine psa -f: one command per tenant namespace of the files, system and exempt ones left out', async () => {
    const r = await run([
      'policy',
      '--engine',
      'psa',
      '-f',
      'cluster.yaml',
      '--exempt-namespace',
      'ingress-nginx',
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        ...PSA_HEADER,
        'kubectl label --overwrite ns team-a pod-security.kubernetes.io/enforce=baseline',
        'kubectl label --overwrite ns team-c pod-security.kubernetes.io/enforce=baseline',
        'kubectl label ns team-d pod-security.kubernetes.io/enforce=baseline',
        '',
      ].join('\n'),
    );
  });

  it('--engine psa -f -: reads stdin', async () => {
    const r = await run(
      ['policy', '--engine', 'psa', '-f', '-'],
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: from-stdin}\n',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^kubectl label --overwrite ns from-stdin pod-security\.kubernetes\.io\/enforce=baseline$/m,
    );
  });

  it('--engine psa -f with a broken document: commands for the valid ones, the error named, exit 2', async () => {
    const r = await run(['policy', '--engine', 'psa', '-f', 'broken.yaml']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stdout,
      [
        ...PSA_HEADER,
        'kubectl label --overwrite ns ok-ns pod-security.kubernetes.io/enforce=baseline',
        '',
      ].join('\n'),
    );
    assert.match(r.stderr, /^error: broken\.yaml:\d+: invalid YAML: .+\n$/);
  });

  it('--engine psa without -f and without a kubeconfig: the selector command, said on stderr', async () => {
    const r = await run(['policy', '--engine', 'psa', '--action', 'audit']);
    assert.equal(r.code, 0);
    assert.equal(
      r.stderr,
      'note: no -f and no kubeconfig: printing one command for every namespace not exempt\n',
    );
    assert.match(
      r.stdout,
      /^kubectl label --overwrite ns -l 'kubernetes\.io\/metadata\.name notin \(kube-system\),pod-security\.kubernetes\.io\/audit notin \(baseline,restricted\)' pod-security\.kubernetes\.io\/audit=baseline$/m,
    );
  });

  it('--engine psa on a live cluster: the namespaces the API server lists', async () => {
    const server = await startApiServer({ state: NAMESPACES.split('---\napiVersion: apps/v1')[0] });
    try {
      const kubeconfig = join(dir, 'live-kubeconfig.yaml');
      writeFileSync(kubeconfig, server.kubeconfig());
      const r = await run(['policy', '--engine', 'psa', '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(
        r.stdout,
        [
          ...PSA_HEADER,
          'kubectl label --overwrite ns ingress-nginx pod-security.kubernetes.io/enforce=baseline',
          'kubectl label --overwrite ns team-a pod-security.kubernetes.io/enforce=baseline',
          'kubectl label --overwrite ns team-c pod-security.kubernetes.io/enforce=baseline',
          '',
        ].join('\n'),
      );
      assert.ok(server.requests.some((q) => q.path === '/api/v1/namespaces'));
    } finally {
      await server.close();
    }
  });

  const crd = (group: string, kind: string, plural: string, spec: object) => ({
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { kind, plural },
      versions: [
        {
          name: 'v2',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec } } },
        },
      ],
    },
  });
  const podSpec = { properties: { template: { properties: { spec: { type: 'object' } } } } };
  /** A cluster serving one CRD with a pod template and one without. */
  const crdCluster = () =>
    startApiServer({
      state: [
        crd('workloads.example.com', 'Worker', 'workers', podSpec),
        crd('things.example.com', 'Widget', 'widgets', { properties: { size: {} } }),
      ],
    });

  it('--engine gatekeeper --kubeconfig: its Constraint matches the pod-template CRDs the cluster serves', async () => {
    const server = await crdCluster();
    try {
      const kubeconfig = join(dir, 'gk-kubeconfig.yaml');
      writeFileSync(kubeconfig, server.kubeconfig());
      const r = await run(['policy', '--engine', 'gatekeeper', '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 0, r.stderr);
      const constraint = parseAllDocuments(r.stdout)[1].toJS();
      const kinds = constraint.spec.match.kinds.map(
        (k: any) => `${k.apiGroups[0]}: ${k.kinds.join(',')}`,
      );
      assert.ok(kinds.includes('workloads.example.com: Worker'), kinds.join('\n'));
      assert.ok(!kinds.some((k: string) => k.startsWith('things.example.com')));
    } finally {
      await server.close();
    }
  });

  it('--engine vap --kubeconfig: names the pod-template CRDs the cluster serves in its rules', async () => {
    const server = await crdCluster();
    try {
      const kubeconfig = join(dir, 'vap-kubeconfig.yaml');
      writeFileSync(kubeconfig, server.kubeconfig());
      const r = await run(['policy', '--engine', 'vap', '--kubeconfig', kubeconfig]);
      assert.equal(r.code, 0, r.stderr);
      const rules = parseAllDocuments(r.stdout)[0].toJS().spec.matchConstraints.resourceRules;
      const groups = rules.map((x: any) => `${x.apiGroups[0]}: ${x.resources.join(',')}`);
      assert.ok(groups.includes('workloads.example.com: workers'), groups.join('\n'));
      assert.ok(groups.includes('apps.openshift.io: deploymentconfigs'), 'well-known CRDs too');
      assert.ok(!groups.some((g: string) => g.startsWith('things.example.com')));
    } finally {
      await server.close();
    }
  });

  it('--engine psa on an unreachable cluster: exit 2, no fallback', async () => {
    const kubeconfig = join(dir, 'dead-kubeconfig.yaml');
    const server = await startApiServer({});
    writeFileSync(kubeconfig, server.kubeconfig());
    await server.close();
    const r = await run(['policy', '--engine', 'psa', '--kubeconfig', kubeconfig]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^error: .*connection refused.*\n$/);
  });
});
