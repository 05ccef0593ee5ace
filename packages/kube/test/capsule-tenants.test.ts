// Live Capsule Tenants: listed when the CRD is served, so their serviceOptions decide findings as in files.
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { loadConfig } from '@portguard/core';
import { scanLiveCluster } from '../src/scan-live.js';
import { writeTemp } from './fixtures.js';

const NAMESPACES_AND_SERVICES = `
apiVersion: v1
kind: Namespace
metadata: {name: shop-web, labels: {capsule.clastix.io/tenant: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: blog, labels: {capsule.clastix.io/tenant: blog}}
---
apiVersion: v1
kind: Service
metadata: {name: edge, namespace: shop-web}
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: edge, namespace: blog}
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 30081}]
`;

const TENANT = `
---
apiVersion: capsule.clastix.io/v1beta2
kind: Tenant
metadata: {name: shop}
spec:
  owners: [{kind: User, name: alice}]
  serviceOptions:
    allowedServices: {nodePort: false}
`;

const CONFIG = loadConfig(
  'allow:\n  - tenant: "*"\n    nodePorts: ["30000-30100"]\n    reason: every tenant may use a node port\n',
  '.portguard.yaml',
);

describe('live Capsule Tenants', () => {
  const servers: ApiServer[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));

  async function scan(state: string) {
    const server = await startApiServer({
      state,
      users: [{ name: 'admin', token: 'admin-token-1234' }],
    });
    servers.push(server);
    const kubeconfig = writeTemp(`capsule-${servers.length}.yaml`, server.kubeconfig('admin'));
    return scanLiveCluster(
      { kubeconfig, env: {}, allNamespaces: true },
      { config: CONFIG, trustObjectAnnotations: false },
    );
  }

  it("a served Tenant's nodePort: false wins over the config, naming the Tenant; other tenants keep the allowance", async () => {
    const { result, warnings } = await scan(NAMESPACES_AND_SERVICES + TENANT);
    assert.deepEqual(warnings, []);
    assert.deepEqual(
      result.findings
        .filter((f) => f.rule === 'nodeport-service')
        .map((f) => `${f.object.namespace}: ${f.message}`),
      [
        'shop-web: Service "edge" is of type NodePort, which Tenant shop forbids (spec.serviceOptions.allowedServices.nodePort: false)',
      ],
    );
    assert.deepEqual(
      result.suppressed.map((f) => `${f.object.namespace}: ${f.suppressed?.reason}`),
      ['blog: every tenant may use a node port'],
    );
  });

  it('without the Capsule CRD the scan runs as before, without a warning', async () => {
    const { result, warnings } = await scan(NAMESPACES_AND_SERVICES);
    assert.deepEqual(warnings, []);
    assert.equal(result.findings.filter((f) => f.rule === 'nodeport-service').length, 0);
    assert.equal(result.suppressed.length, 2);
  });
});
