// `kubectl portguard scan --demo`: the built-in multi-tenant cluster through the full live path, cleaned up after.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { findingLines, kubectl, writeTemp } from './kubectl-live-helpers.js';

const demoDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith('portguard-demo-'));

describe('kubectl portguard scan --demo', function () {
  this.timeout(60_000);

  it('scans every namespace of the demo cluster, finds its exposures, and leaves no kubeconfig behind', async () => {
    const before = demoDirs();
    // No kubeconfig at all: --demo needs none.
    const run = await kubectl(
      ['portguard', 'scan', '--demo', '-o', 'json'],
      writeTemp('none/absent.yaml', ''),
    );
    assert.equal(run.status, 1, run.stderr);
    assert.deepEqual(findingLines(JSON.parse(run.stdout)), [
      'external-ips Service/analytics/reports',
      'host-network Pod/payments/netdebug',
      'host-port DaemonSet/kube-system/ingress-nginx-controller (3 pods)',
      'host-port DaemonSet/kube-system/ingress-nginx-controller (3 pods)',
      'host-port Deployment/payments/gateway (1 pods)',
      'host-port Deployment/shop-prod/storefront (2 pods)',
      'host-port-conflict Deployment/payments/gateway (1 pods)',
      'host-port-conflict Deployment/shop-prod/storefront (2 pods)',
      'loadbalancer-node-ports Service/payments/gateway',
      'nodeport-service Service/shop-prod/storefront',
    ]);
    assert.deepEqual(demoDirs(), before);
  });

  it('prints a readable table', async () => {
    const run = await kubectl(['portguard', 'scan', '--demo'], writeTemp('none/absent.yaml', ''));
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /DaemonSet ingress-nginx-controller \(3 pods\)/);
    assert.equal(run.stderr, '');
  });
});
