// fix -k: edits land in the base or patch file where the value is written; others say why not.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';

const SHOP = fileURLToPath(new URL('../fixtures/kustomize/shop', import.meta.url));
const ENV = { PATH: process.env.PATH ?? '' };

describe('fix -k: a kustomization fixed where its values are written', function () {
  this.timeout(60000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-fix-k-'));
    cpSync(SHOP, join(dir, 'shop'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--write edits the base Service and the strategic-merge patch; the overlay then scans clean', async () => {
    const run = await runCli(['fix', '-k', 'shop/overlays/edge', '--write'], {
      cwd: dir,
      env: ENV,
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '');
    assert.equal(
      run.stderr,
      [
        'fixed: external-ips Service/web (shop/overlays/edge/public-ip.yaml:6)',
        'wrote shop/overlays/edge/public-ip.yaml',
        'fixed: nodeport-service Service/web (shop/base/service.yaml:6)',
        'wrote shop/base/service.yaml',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(
      readFileSync(join(dir, 'shop/overlays/edge/public-ip.yaml'), 'utf8'),
      /externalIPs/,
    );
    assert.match(readFileSync(join(dir, 'shop/base/service.yaml'), 'utf8'), /type: ClusterIP/);
    const after = await runCli(['scan', '-k', 'shop/overlays/edge', '-o', 'json'], {
      cwd: dir,
      env: ENV,
    });
    assert.deepEqual(JSON.parse(after.stdout).findings, []);
    const again = await runCli(['fix', '-k', 'shop/overlays/edge', '--diff'], {
      cwd: dir,
      env: ENV,
    });
    assert.equal(again.stdout, '');
    assert.equal(again.stderr, 'nothing to fix in shop/overlays/edge\n');
  });

  it('JSON 6902 ops, inline patches and a fix that would add a Service to a patch file are left, with the reason', async () => {
    const before = readFileSync(join(dir, 'shop/overlays/prod/patches/host-port.yaml'), 'utf8');
    const run = await runCli(['fix', '-k', 'shop/overlays/prod', '--diff'], { cwd: dir, env: ENV });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^-{3} a\/shop\/base\/service\.yaml/m);
    assert.doesNotMatch(run.stdout, /host-port\.yaml|kustomization\.yaml|external-ips\.yaml/);
    const lines = run.stderr.trimEnd().split('\n');
    assert.deepEqual(
      lines.filter((l) => l.startsWith('not fixed:')),
      [
        "not fixed: host-port Deployment/prod-web (shop/overlays/prod/patches/host-port.yaml): the fix adds a new object (a Service), which a patch file cannot hold; remove the value from the patch and add the Service to the kustomization's resources by hand",
        'not fixed: external-ips Service/prod-web (shop/overlays/prod/patches/external-ips.yaml:3): the value is written by a JSON 6902 op; edit or remove the op by hand',
        'not fixed: host-pid Deployment/prod-web (shop/overlays/prod/kustomization.yaml:21): the value is written by an inline patch in the kustomization; edit it by hand',
      ],
    );
    assert.equal(
      readFileSync(join(dir, 'shop/overlays/prod/patches/host-port.yaml'), 'utf8'),
      before,
    );
  });

  it('-f and -k together are refused', async () => {
    const run = await runCli(['fix', '-k', 'shop/overlays/edge', '-f', 'x.yaml'], {
      cwd: dir,
      env: ENV,
    });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'error: fix takes -f FILE or -k DIR, not both\n');
  });
});
