// Pod templates in any CRD of a live cluster, found from the served CustomResourceDefinitions' schemas; Gatekeeper templates listed.
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { defaultConfig } from '@portguard/core';
import { hasPodTemplateSchema } from '../src/pod-template-crds.js';
import { scanLiveCluster } from '../src/scan-live.js';
import { GATEKEEPER_BLOCK_NODEPORT, writeTemp } from './fixtures.js';

/** A CRD whose schema has `props` under `spec` (an OpenAPI v3 properties tree). */
const crd = (group: string, kind: string, plural: string, spec: object, scope = 'Namespaced') => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ${plural}.${group}}
spec:
  group: ${group}
  scope: ${scope}
  names: {kind: ${kind}, plural: ${plural}}
  versions:
    - name: v1beta1
      served: true
      storage: false
      schema: {openAPIV3Schema: {type: object}}
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: ${JSON.stringify(spec)}
`;
const POD = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
const TEMPLATE = {
  type: 'object',
  properties: { template: { type: 'object', properties: { spec: POD } } },
};
const JOB_TEMPLATE = {
  type: 'object',
  properties: {
    jobTemplate: { type: 'object', properties: { spec: TEMPLATE } },
  },
};

const STATE = [
  crd('apps.kruise.io', 'CloneSet', 'clonesets', TEMPLATE),
  crd('apps.openshift.io', 'DeploymentConfig', 'deploymentconfigs', TEMPLATE),
  crd('batch.example.com', 'ScheduledTask', 'scheduledtasks', JOB_TEMPLATE),
  crd('things.example.com', 'Widget', 'widgets', {
    type: 'object',
    properties: { size: { type: 'integer' } },
  }),
  `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps.kruise.io/v1
kind: CloneSet
metadata: {name: edge, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: e, image: e, ports: [{containerPort: 80, hostPort: 80}]}]
---
apiVersion: apps.openshift.io/v1
kind: DeploymentConfig
metadata: {name: legacy, namespace: shop}
spec:
  template:
    spec:
      hostNetwork: true
      containers: [{name: l, image: l}]
---
apiVersion: batch.example.com/v1
kind: ScheduledTask
metadata: {name: nightly, namespace: shop}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          hostPID: true
          containers: [{name: n, image: n}]
---
apiVersion: things.example.com/v1
kind: Widget
metadata: {name: w, namespace: shop}
spec: {size: 3}
---
${GATEKEEPER_BLOCK_NODEPORT}`,
].join('---\n');

const USERS = [
  { name: 'admin', token: 'admin-token-crds-1' },
  {
    name: 'no-crds',
    token: 'no-crds-token-2',
    forbiddenResources: ['apiextensions.k8s.io/customresourcedefinitions'],
  },
];

describe('pod templates in CRDs (live)', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ state: STATE, users: USERS });
  });
  after(() => server.close());
  const scan = (user: string) =>
    scanLiveCluster(
      {
        kubeconfig: writeTemp(`crds-${user}.yaml`, server.kubeconfig(user)),
        allNamespaces: true,
        env: {},
      },
      { config: defaultConfig(), trustObjectAnnotations: false },
    );
  const exposures = (r: Awaited<ReturnType<typeof scan>>) =>
    r.result.findings
      .filter((f) => f.rule.startsWith('host-'))
      .map((f) => `${f.rule} ${f.object.apiVersion}/${f.object.kind}/${f.object.name} ${f.path}`)
      .sort();

  it('lists every kind whose schema has spec.template.spec or spec.jobTemplate.spec.template.spec', async () => {
    const from = server.requests.length;
    assert.deepEqual(exposures(await scan('admin')), [
      'host-network apps.openshift.io/v1/DeploymentConfig/legacy spec.template.spec.hostNetwork',
      'host-pid batch.example.com/v1/ScheduledTask/nightly spec.jobTemplate.spec.template.spec.hostPID',
      'host-port apps.kruise.io/v1/CloneSet/edge spec.template.spec.containers[0].ports[0].hostPort',
    ]);
    const paths = server.requests.slice(from).map((r) => r.path);
    assert.ok(
      !paths.some((p) => p.includes('widgets')),
      'a CRD without a pod template is not listed',
    );
  });

  it('lists Gatekeeper ConstraintTemplates, so a constraint of a custom kind counts for the posture rule', async () => {
    const r = await scan('admin');
    const f = r.result.findings.find((x) => x.rule === 'service-exposure-unrestricted');
    assert.ok(f, 'externalIPs are still open');
    assert.match(f.message, /^nothing in the cluster refuses externalIPs:/);
    assert.match(f.message, /blocked: NodePort Services by BlockNodePort "no-nodeport"/);
  });

  it('without the right to read CRDs, the scan goes on without them', async () => {
    assert.deepEqual(exposures(await scan('no-crds')), []);
  });

  it('reads the schema by path, not by kind', () => {
    const cases: [unknown, boolean][] = [
      [{ properties: { spec: TEMPLATE } }, true],
      [{ properties: { spec: JOB_TEMPLATE } }, true],
      [{ properties: { spec: { properties: { template: { type: 'object' } } } } }, false],
      [{ type: 'object', 'x-kubernetes-preserve-unknown-fields': true }, false],
      [undefined, false],
    ];
    for (const [schema, has] of cases)
      assert.equal(hasPodTemplateSchema(schema), has, JSON.stringify(schema));
  });
});
