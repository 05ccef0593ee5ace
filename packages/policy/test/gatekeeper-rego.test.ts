// The generated Gatekeeper rego, evaluated by the real OPA (wasm) against kinds, paths and fixtures.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig, type KubeObject } from '@portguard/core';
import { gatekeeperRego, generatePolicy, resolvePolicyOptions } from '../src/index.js';
import { parseAllDocuments } from 'yaml';
import { evaluateGatekeeper, stopOpa, type RegoCase } from './helpers/opa.js';
import { loadObjects, packageRoot, yamlFiles } from './helpers/fixtures.js';
import { GATEKEEPER_RANGE_CONFIG, gatekeeperRangeCases } from './helpers/peer-ranges.js';
import { coreVerdict } from './helpers/core-verdict.js';

const review = (object: unknown, namespace = 'team-a'): RegoCase => ({
  input: { review: { object, namespace }, parameters: {} },
});

/** The portguard rules the rego refuses each object for, sorted. */
async function refusals(rego: string, cases: RegoCase[]): Promise<string[][]> {
  const results = await evaluateGatekeeper(rego, cases);
  return results.map((vs) => [...new Set(vs.map((v) => v.details.rule))].sort());
}

const withHostNetwork = { hostNetwork: true, containers: [{ name: 'app', image: 'nginx' }] };
const withHostPort = {
  containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort: 8080 }] }],
};

/** [title, object, rules refused]: the pod spec is found by path, whatever the kind. */
const KINDS: Array<[string, KubeObject, string[]]> = [
  ['Pod: spec', { apiVersion: 'v1', kind: 'Pod', spec: withHostNetwork }, ['host-network']],
  [
    'Pod with only an ephemeral container hostPort',
    {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { containers: [], ephemeralContainers: withHostPort.containers },
    },
    ['host-port'],
  ],
  [
    "Gatekeeper's own sample: a Pod with ephemeralContainers and no containers",
    {
      apiVersion: 'v1',
      kind: 'Pod',
      spec: { hostNetwork: true, ephemeralContainers: withHostPort.containers },
    },
    ['host-network', 'host-port'],
  ],
  [
    'a spec with containers and a template: the spec is taken, no OPA conflict',
    {
      apiVersion: 'example.com/v1',
      kind: 'Odd',
      spec: { ...withHostPort, template: { spec: withHostNetwork } },
    },
    ['host-port'],
  ],
  [
    'Deployment: spec.template.spec',
    { apiVersion: 'apps/v1', kind: 'Deployment', spec: { template: { spec: withHostPort } } },
    ['host-port'],
  ],
  [
    'an unknown CRD kind (example.com Workload): spec.template.spec',
    {
      apiVersion: 'example.com/v1',
      kind: 'Workload',
      spec: { replicas: 2, template: { spec: withHostNetwork } },
    },
    ['host-network'],
  ],
  [
    'an OpenShift DeploymentConfig: spec.template.spec',
    {
      apiVersion: 'apps.openshift.io/v1',
      kind: 'DeploymentConfig',
      spec: { template: { spec: withHostNetwork } },
    },
    ['host-network'],
  ],
  [
    'CronJob: spec.jobTemplate.spec.template.spec',
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: { jobTemplate: { spec: { template: { spec: withHostPort } } } },
    },
    ['host-port'],
  ],
  [
    'an unknown CronJob-like kind: spec.jobTemplate.spec.template.spec',
    {
      apiVersion: 'example.com/v1',
      kind: 'ScheduledRun',
      spec: { jobTemplate: { spec: { template: { spec: withHostNetwork } } } },
    },
    ['host-network'],
  ],
  [
    'PodTemplate: template.spec',
    { apiVersion: 'v1', kind: 'PodTemplate', template: { spec: withHostPort } },
    ['host-port'],
  ],
  [
    'a Knative Service: spec.template.spec, not a core Service',
    {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      spec: { template: { spec: withHostPort } },
    },
    ['host-port'],
  ],
  [
    'a spec without containers is no pod spec (hostNetwork beside replicas)',
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: { hostNetwork: true, template: { spec: { containers: [{ name: 'app' }] } } },
    },
    [],
  ],
  [
    'a CRD whose spec merely says hostNetwork',
    { apiVersion: 'example.com/v1', kind: 'NetworkSetting', spec: { hostNetwork: true } },
    [],
  ],
  [
    'a core NodePort Service is refused as a Service, not as a pod',
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { type: 'NodePort' } },
    ['nodeport-service'],
  ],
  [
    'a clean Deployment',
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      spec: {
        template: { spec: { containers: [{ name: 'app', ports: [{ containerPort: 80 }] }] } },
      },
    },
    [],
  ],
];

const fixtures = join(packageRoot, 'test', 'fixtures');

describe('Gatekeeper rego (evaluated by OPA v0.47 in wasm)', function () {
  // The first call starts the Go runtime and compiles the module (about a second).
  this.timeout(60_000);
  after(stopOpa);
  const rego = gatekeeperRego();

  it('finds the pod spec by path, whatever the kind', async () => {
    const got = await refusals(
      rego,
      KINDS.map(([, object]) => review(object)),
    );
    assert.deepEqual(
      KINDS.map(([title], i) => [title, got[i]]),
      KINDS.map(([title, , rules]) => [title, rules]),
    );
  });

  it('a rego that does not compile fails the evaluation (the harness is live)', async () => {
    await assert.rejects(
      evaluateGatekeeper(`${rego}\nviolation[{"msg": msg}] {\n  msg := undefined_thing\n}\n`, [
        review({}),
      ]),
      /rego_unsafe_var_error|undefined/,
    );
  });

  it('refuses every violation fixture for the rules core reports, admits every clean one', async () => {
    // Gatekeeper never sends the excludedNamespaces (kube-system) to the rego.
    const load = (dir: string) =>
      yamlFiles(join(fixtures, dir))
        .flatMap(loadObjects)
        .filter(({ object }) => object.ref.namespace !== 'kube-system');
    const bad = load('violations');
    const good = load('clean');
    const got = await refusals(
      rego,
      [...bad, ...good].map(({ object }) => review(object.value, object.ref.namespace)),
    );
    assert.ok(bad.length > 5 && good.length > 5);
    assert.deepEqual(
      [...bad, ...good].map(({ title }, i) => [title, got[i]]),
      [
        ...bad.map(({ title, object }) => [title, coreVerdict(object.value)]),
        ...good.map(({ title }) => [title, []]),
      ],
    );
    for (const { object } of bad) assert.notDeepEqual(coreVerdict(object.value), []);
  });

  it("with Gatekeeper's host-network-ports allowance (80-9000), decides its examples as Gatekeeper does", async () => {
    const config = loadConfig(GATEKEEPER_RANGE_CONFIG, '.portguard.yaml');
    const options = resolvePolicyOptions({
      allow: config.allow,
      tenantLabels: config.tenantLabels,
    });
    const [template, constraint] = parseAllDocuments(generatePolicy('gatekeeper', options)).map(
      (d) => d.toJS() as KubeObject,
    );
    const cases = gatekeeperRangeCases();
    const got = await evaluateGatekeeper(
      template.spec.targets[0].rego,
      cases.map(({ object }) => ({
        input: { review: { object, namespace: 'default' }, parameters: constraint.spec.parameters },
      })),
    );
    assert.deepEqual(
      cases.map(({ title }, i) => [title, got[i].length === 0]),
      cases.map(({ title, allowed }) => [title, allowed]),
    );
  });
});
