// `kubectl portguard fix` through the real kubectl's plugin discovery, on a copy of examples/.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// pnpm puts node_modules/.bin (with another kubectl-portguard link) on PATH; kubectl would warn about the shadowing.
const basePath = (process.env.PATH ?? '')
  .split(':')
  .filter((p) => !p.includes('node_modules/.bin'));
const env = {
  ...process.env,
  PATH: [join(root, 'packages/kubectl-portguard/bin'), ...basePath].join(':'),
  NO_COLOR: '1',
};

function kubectl(args: string[], cwd: string) {
  return spawnSync('kubectl', ['portguard', ...args], { cwd, env, encoding: 'utf8' });
}

describe('kubectl portguard fix', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-e2e-fix-'));
    copyFileSync(join(root, 'examples/web.yaml'), join(dir, 'web.yaml'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--diff shows the hostPort going and the NodePort Service turned into ClusterIP', () => {
    const run = kubectl(['fix', '-f', 'web.yaml', '--diff'], dir);
    assert.equal(run.status, 0, run.stderr);
    const changed = run.stdout.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    assert.deepEqual(changed, [
      '-              hostPort: 8080 # exposed on the node, outside NetworkPolicies',
      '-  type: NodePort',
      '+  type: ClusterIP',
      '-      nodePort: 30080',
    ]);
    assert.equal(
      run.stderr,
      'fixed: host-port Deployment/web (web.yaml:23)\nfixed: nodeport-service Service/web (web.yaml:31)\n',
    );
  });

  it('--write fixes in place keeping the mode; the second run and a scan find nothing', () => {
    chmodSync(join(dir, 'web.yaml'), 0o600);
    const first = kubectl(['fix', '-f', 'web.yaml', '--write', '--to', 'loadbalancer'], dir);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(statSync(join(dir, 'web.yaml')).mode & 0o777, 0o600);
    const fixed = readFileSync(join(dir, 'web.yaml'), 'utf8');
    assert.match(fixed, /\n {2}type: LoadBalancer\n {2}allocateLoadBalancerNodePorts: false\n/);
    const second = kubectl(['fix', '-f', 'web.yaml', '--write'], dir);
    assert.equal(second.status, 0);
    assert.equal(second.stderr, 'nothing to fix in web.yaml\n');
    assert.equal(readFileSync(join(dir, 'web.yaml'), 'utf8'), fixed);
    const scan = kubectl(['scan', '-f', 'web.yaml', '-o', 'json'], dir);
    assert.equal(scan.status, 0, scan.stdout);
    assert.deepEqual(JSON.parse(scan.stdout).findings, []);
  });

  it('exits 2 with one line for a file that is not there', () => {
    const run = kubectl(['fix', '-f', 'missing.yaml'], dir);
    assert.equal(run.status, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, 'error: missing.yaml: no such file or directory\n');
  });
});
