// `scan -f` with `allow:` in .portguard.yaml, through main(): JSON counts, SARIF `external` suppressions, -n, config errors.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { runCli } from './helpers/run-cli.js';

const CONFIG = `allow:
  - tenant: shop
    hostPorts: ["9000-9100"]
    reason: the shop's edge proxy, reviewed 2026-11
`;

const PODS = `apiVersion: v1
kind: Pod
metadata:
  name: edge
spec:
  containers:
    - name: proxy
      ports:
        - containerPort: 80
          hostPort: 9050
        - containerPort: 81
          hostPort: 9200
`;

describe('scan with tenant allowances (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-allow-'));
    writeFileSync(join(dir, '.portguard.yaml'), CONFIG);
    writeFileSync(join(dir, 'pods.yaml'), PODS);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('-n shop: the port inside is suppressed, the one outside names the allowance (-o json)', async () => {
    const run = await runCli(['scan', '-f', 'pods.yaml', '-n', 'shop', '-o', 'json'], { cwd: dir });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 1);
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(
      doc.findings.map((f: any) => f.message),
      [`container "proxy": hostPort 9200 is outside tenant shop's allowed 9000-9100`],
    );
    assert.equal(doc.summary.suppressed, 1);
  });

  it('without -n the Pod is in default, where no allowance applies', async () => {
    const run = await runCli(['scan', '-f', 'pods.yaml', '-o', 'json'], { cwd: dir });
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(
      doc.findings.map((f: any) => f.message),
      ['container "proxy" uses hostPort 9050', 'container "proxy" uses hostPort 9200'],
    );
    assert.equal(doc.summary.suppressed, 0);
  });

  it('-o sarif: the allowed port is a result with an external suppression whose justification is the reason', async () => {
    const run = await runCli(['scan', '-f', 'pods.yaml', '-n', 'shop', '-o', 'sarif'], {
      cwd: dir,
    });
    const results = JSON.parse(run.stdout).runs[0].results;
    const suppressed = results.filter((r: any) => r.suppressions?.length);
    assert.equal(results.length, 2);
    assert.deepEqual(
      suppressed.map((r: any) => r.suppressions),
      [
        [
          {
            kind: 'external',
            status: 'accepted',
            justification: "the shop's edge proxy, reviewed 2026-11",
          },
        ],
      ],
    );
  });

  it('a bad range in the config is exit 2 with one line naming file, line and key', async () => {
    writeFileSync(
      join(dir, '.portguard.yaml'),
      'allow:\n  - tenant: shop\n    hostPorts: ["9100-9000"]\n    reason: r\n',
    );
    const run = await runCli(['scan', '-f', 'pods.yaml'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^error: [^\n]*\.portguard\.yaml:3: key "allow\[0\]\.hostPorts\[0\]": range "9100-9000" starts above its end \(9100 > 9000\)\n$/,
    );
  });
});

describe('policy with tenant allowances (CLI)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-allow-policy-'));
    writeFileSync(join(dir, '.portguard.yaml'), CONFIG);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--engine vap prints the params CRD, the PortAllowances object, the policy and its binding', async () => {
    const run = await runCli(['policy', '--engine', 'vap'], { cwd: dir });
    assert.equal(run.stderr, '');
    assert.equal(run.code, 0);
    assert.match(
      run.stdout,
      /# Allows tenant shop: hostPort 9000-9100 \(the shop's edge proxy, reviewed 2026-11\)/,
    );
    const kinds = parseAllDocuments(run.stdout).map((d) => (d.toJS() as any).kind);
    assert.deepEqual(kinds, [
      'CustomResourceDefinition',
      'PortAllowances',
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
    ]);
  });

  it('a bad allowance in the config is exit 2 with the one-line config error', async () => {
    writeFileSync(
      join(dir, '.portguard.yaml'),
      'allow:\n  - tenant: shop\n    hostPorts: ["53/DNS"]\n    reason: r\n',
    );
    const run = await runCli(['policy', '--engine', 'kyverno'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /^error: [^\n]*\.portguard\.yaml:3: key "allow\[0\]\.hostPorts\[0\]": unknown protocol "DNS"[^\n]*\n$/,
    );
  });

  it('an allowance the engine cannot express is exit 2 with one line, no stack trace', async () => {
    writeFileSync(
      join(dir, '.portguard.yaml'),
      'allow:\n  - tenant: "shop-*"\n    hostPorts: ["8080"]\n    reason: r\n',
    );
    const run = await runCli(['policy', '--engine', 'kyverno'], { cwd: dir });
    assert.equal(run.code, 2);
    assert.equal(
      run.stderr,
      'error: kyverno: tenant pattern "shop-*" cannot be written as a namespace label selector; name the tenant, or use namespace: "shop-*"\n',
    );
    assert.equal(run.stdout, '');
  });
});
