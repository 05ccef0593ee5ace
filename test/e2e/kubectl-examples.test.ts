// The README's first command: the bundled examples/ scanned through the real kubectl plugin discovery.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
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

describe('kubectl portguard on examples/', () => {
  it('is found by kubectl plugin discovery', () => {
    const out = execFileSync('kubectl', ['plugin', 'list'], {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    assert.match(out, /kubectl-portguard/);
  });

  it('reports every exposure of the examples with its rule, object and line, and exits 1', () => {
    const run = spawnSync('kubectl', ['portguard', 'scan', '-f', 'examples', '-o', 'json'], {
      cwd: root,
      env,
      encoding: 'utf8',
    });
    assert.equal(run.status, 1, run.stderr);
    const report = JSON.parse(run.stdout);
    const got = report.findings.map(
      (f: any) => `${f.rule} ${f.object.kind}/${f.object.name} ${f.file}:${f.range.start.line}`,
    );
    assert.deepEqual(got, [
      'host-network DaemonSet/metrics-agent examples/metrics.yaml:16',
      'host-port DaemonSet/metrics-agent examples/metrics.yaml:23',
      'host-port-conflict DaemonSet/metrics-agent examples/metrics.yaml:23',
      'external-ips Service/legacy-gateway examples/metrics.yaml:33',
      'host-port Deployment/web examples/web.yaml:23',
      'host-port-conflict Deployment/web examples/web.yaml:23',
      'nodeport-service Service/web examples/web.yaml:31',
    ]);
    assert.deepEqual(report.errors, []);
  });
});
