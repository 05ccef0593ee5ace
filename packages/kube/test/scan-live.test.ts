// scanLiveCluster against the project's API server: what is listed, and how tenants are named.
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { defaultConfig } from '@portguard/core';
import { scanLiveCluster } from '../src/scan-live.js';
import { writeTemp } from './fixtures.js';

const STATE = `
apiVersion: v1
kind: Namespace
metadata: {name: gas-web, labels: {capsule.clastix.io/tenant: gas}}
---
apiVersion: v1
kind: Namespace
metadata: {name: oil-web, labels: {capsule.clastix.io/tenant: oil}}
---
apiVersion: v1
kind: PodTemplate
metadata: {name: runner, namespace: gas-web}
template:
  spec:
    containers:
      - name: run
        image: run
        ports: [{containerPort: 9000, hostPort: 9000}]
---
apiVersion: v1
kind: Pod
metadata: {name: probe, namespace: gas-web}
spec:
  hostNetwork: true
  containers: [{name: p, image: p}]
`;

const POLICY_RESOURCES = [
  'admissionregistration.k8s.io/validatingadmissionpolicies',
  'admissionregistration.k8s.io/validatingadmissionpolicybindings',
];
const USERS = [
  { name: 'admin', token: 'admin-token-1234' },
  { name: 'no-policies', token: 'no-policies-token-1234', forbiddenResources: POLICY_RESOURCES },
  { name: 'gas', token: 'gas-token-1234', namespaces: ['gas-web'] },
];

const lines = (findings: { rule: string; object: any; tenant?: string }[]) =>
  findings.map(
    (f) =>
      `${f.rule} ${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name} ${f.tenant ?? '-'}`,
  );

describe('scanLiveCluster', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ state: STATE, users: USERS });
  });
  after(() => server.close());
  const scan = (user: string, target: { namespace?: string; allNamespaces?: boolean }) =>
    scanLiveCluster(
      {
        kubeconfig: writeTemp(
          `scan-live-${user}.yaml`,
          server.kubeconfig(user, { namespace: 'gas-web' }),
        ),
        env: {},
        ...target,
      },
      { config: defaultConfig(), trustObjectAnnotations: false },
    );

  it('lists PodTemplates, as the contract names them among the workload kinds', async () => {
    const { result } = await scan('admin', { allNamespaces: true });
    assert.ok(
      lines(result.findings).includes('host-port PodTemplate/gas-web/runner gas'),
      lines(result.findings).join('\n'),
    );
  });

  it('names the same tenant with -A as with -n for a user who may not list namespaces', async () => {
    const all = await scan('gas', { allNamespaces: true });
    const one = await scan('gas', { namespace: 'gas-web' });
    const exposure = (r: typeof all) =>
      lines(r.result.findings.filter((f) => ['host-port', 'host-network'].includes(f.rule))).sort();
    assert.deepEqual(exposure(all), [
      'host-network Pod/gas-web/probe gas',
      'host-port PodTemplate/gas-web/runner gas',
    ]);
    assert.deepEqual(exposure(all), exposure(one));
  });

  it('reports cluster-wide findings on the Cluster named after the context: no namespace, no tenant', async () => {
    const { result } = await scan('admin', { allNamespaces: true });
    const f = result.findings.find((x) => x.rule === 'service-exposure-unrestricted');
    assert.deepEqual(f?.object, {
      apiVersion: 'portguard.dev/v1',
      kind: 'Cluster',
      name: 'portguard-test',
    });
    assert.equal(f?.tenant, undefined);
  });

  it('makes no claim about admission control when the policy kinds are forbidden: a warning says so', async () => {
    const { result, warnings } = await scan('no-policies', { allNamespaces: true });
    assert.deepEqual(
      result.findings.filter((f) => f.rule === 'service-exposure-unrestricted'),
      [],
    );
    assert.ok(
      warnings.includes(
        'cannot tell whether NodePort Services or Services with externalIPs are refused: validatingadmissionpolicies, validatingadmissionpolicybindings forbidden (403)',
      ),
      warnings.join('\n'),
    );
    assert.equal(result.summary.findings, result.findings.length);
  });
});
