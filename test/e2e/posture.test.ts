// Multi-tenant posture through the real kubectl: tenants, system namespaces, NetworkPolicy bypass, admission control, files and live.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { startApiServer } from '@portguard/apiserver';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
// pnpm puts node_modules/.bin (with another kubectl-portguard link) on PATH; kubectl would warn about the shadowing.
const basePath = (process.env.PATH ?? '')
  .split(':')
  .filter((p) => !p.includes('node_modules/.bin'));
const tmp = mkdtempSync(join(tmpdir(), 'portguard-posture-'));
const env = {
  ...process.env,
  PATH: [join(root, 'packages/kubectl-portguard/bin'), ...basePath].join(':'),
  NO_COLOR: '1',
  HOME: tmp,
  KUBECONFIG: '',
};

/** Runs kubectl without blocking the event loop: the live tests' API server runs in this process. */
function kubectl(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const STATE_FILE = 'test/e2e/posture/multi-tenant.yaml';
const STATE = readFileSync(join(root, STATE_FILE), 'utf8');
// host-port at medium, so the rise next to NetworkPolicies shows; ingress-nginx is a platform namespace.
const CONFIG = ['--config', 'test/e2e/posture/cfg/.portguard.yaml'];

/** `rule severity Kind/ns/name tenant [system]` per finding. */
function lines(stdout: string): string[] {
  const report = JSON.parse(stdout);
  return report.findings.map(
    (f: any) =>
      `${f.rule} ${f.severity} ${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name} ${f.tenant ?? '-'}${f.system ? ' system' : ''}`,
  );
}

const EXPECTED = [
  'namespace-without-pod-security medium Namespace/shop oil',
  // On the cluster itself (`-` for files, the context live), not on a tenant's namespace.
  'service-exposure-unrestricted medium Cluster/- -',
  'host-port high Deployment/shop/cart oil',
  'host-port medium Deployment/billing-dev/ledger finance',
  'nodeport-service high Service/billing-dev/ledger finance',
  'host-network medium DaemonSet/ingress-nginx/controller ingress-nginx system',
];
const BYPASS =
  'container "cart" uses hostPort 8080; bypasses NetworkPolicy "allow-dns", "default-deny" in namespace shop';

async function policyFile(engine: string): Promise<string> {
  const run = await kubectl(['portguard', 'policy', '--engine', engine]);
  assert.equal(run.code, 0, run.stderr);
  const file = join(tmp, `${engine}.yaml`);
  writeFileSync(file, run.stdout);
  return file;
}

describe('multi-tenant posture through kubectl portguard', () => {
  it('files: tenants (Capsule, HNC root), system namespaces lower, the NetworkPolicy rise, the posture rules', async () => {
    const run = await kubectl(['portguard', 'scan', '-f', STATE_FILE, '-o', 'json', ...CONFIG]);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(lines(run.stdout), EXPECTED);
    const report = JSON.parse(run.stdout);
    assert.equal(report.findings.find((f: any) => f.object.name === 'cart').message, BYPASS);
    assert.equal(report.findings[1].range.start.line, 22);
  });

  for (const engine of ['vap', 'kyverno', 'gatekeeper']) {
    it(`files: with the output of policy --engine ${engine}, nothing is left unrestricted`, async () => {
      const file = await policyFile(engine);
      const run = await kubectl([
        'portguard',
        'scan',
        '-f',
        STATE_FILE,
        '-f',
        file,
        '-o',
        'json',
        ...CONFIG,
      ]);
      assert.equal(run.code, 1, run.stderr);
      assert.deepEqual(
        lines(run.stdout),
        EXPECTED.filter((l) => !l.startsWith('service-exposure-unrestricted')),
      );
    });
  }

  describe('live cluster (the project API server)', () => {
    const scanLive = async (state: string) => {
      const server = await startApiServer({ state });
      try {
        const kubeconfig = join(tmp, 'kubeconfig');
        writeFileSync(kubeconfig, server.kubeconfig());
        return await kubectl([
          'portguard',
          'scan',
          '-A',
          '-o',
          'json',
          '--kubeconfig',
          kubeconfig,
          ...CONFIG,
        ]);
      } finally {
        await server.close();
      }
    };

    it('finds the same tenants, posture findings and rise as the files', async () => {
      const run = await scanLive(STATE);
      assert.equal(run.code, 1, run.stderr);
      const live = EXPECTED.map((l) => l.replace('Cluster/-', 'Cluster/portguard-test'));
      assert.deepEqual(lines(run.stdout).sort(), live.sort());
      const report = JSON.parse(run.stdout);
      assert.equal(report.findings.find((f: any) => f.object.name === 'cart').message, BYPASS);
    });

    it('a ValidatingAdmissionPolicy with its Deny binding in the cluster: not unrestricted', async () => {
      const vap = readFileSync(await policyFile('vap'), 'utf8');
      const run = await scanLive(`${STATE}---\n${vap}`);
      assert.equal(run.code, 1, run.stderr);
      assert.deepEqual(
        lines(run.stdout).sort(),
        EXPECTED.filter((l) => !l.startsWith('service-exposure-unrestricted')).sort(),
      );
    });
  });

  it("policy --engine psa without -f: kubectl's own selector parsing picks the namespaces that need the label", async () => {
    const run = await kubectl([
      'portguard',
      'policy',
      '--engine',
      'psa',
      '--exempt-namespace',
      'ingress-nginx',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const selector = /^kubectl label --overwrite ns -l '([^']+)' /m.exec(run.stdout)?.[1];
    assert.ok(selector, run.stdout);
    // HTTPS: kubectl sends no bearer token over plain HTTP.
    // The real API server labels every namespace with its name (kubernetes.io/metadata.name).
    const state = parseAllDocuments(STATE).map((d) => {
      const o = d.toJS();
      if (o.kind === 'Namespace')
        o.metadata.labels = {
          ...o.metadata.labels,
          'kubernetes.io/metadata.name': o.metadata.name,
        };
      return o;
    });
    const server = await startApiServer({ state, https: true });
    try {
      const kubeconfig = join(tmp, 'selector-kubeconfig');
      writeFileSync(kubeconfig, server.kubeconfig());
      const got = await kubectl([
        'get',
        'ns',
        '-l',
        selector,
        '-o',
        'name',
        '--kubeconfig',
        kubeconfig,
      ]);
      assert.equal(got.code, 0, got.stderr);
      // billing-dev is already restricted; kube-system and ingress-nginx are exempt.
      assert.equal(got.stdout, 'namespace/shop\n');
    } finally {
      await server.close();
    }
  });

  it('policy --engine psa -f: label commands for the tenant namespaces that need one', async () => {
    const run = await kubectl([
      'portguard',
      'policy',
      '--engine',
      'psa',
      '-f',
      STATE_FILE,
      ...CONFIG,
    ]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      run.stdout.split('\n').filter((l) => l.startsWith('kubectl')),
      ['kubectl label --overwrite ns shop pod-security.kubernetes.io/enforce=baseline'],
    );
  });
});
