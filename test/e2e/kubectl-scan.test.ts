// `kubectl portguard scan -f` through the real kubectl's plugin discovery, on manifests only this test uses.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'scan');
// pnpm puts node_modules/.bin (with another kubectl-portguard link) on PATH; kubectl would warn about the shadowing.
const basePath = (process.env.PATH ?? '')
  .split(':')
  .filter((p) => !p.includes('node_modules/.bin'));
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: [join(root, 'packages/kubectl-portguard/bin'), ...basePath].join(':'),
};
delete env.FORCE_COLOR;
delete env.NO_COLOR;

// The official SARIF 2.1.0 schema (final rtm.5 draft-04 form), as @microsoft/jest-sarif ships it.
const require = createRequire(import.meta.url);
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validateSarif = ajv.compile(sarifSchema);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function kubectl(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const run = spawnSync('kubectl', ['portguard', ...args], {
    cwd: fixtures,
    env: { ...env, ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `rule Kind/namespace/name file:line:column` for each finding of a JSON report. */
function brief(stdout: string): string[] {
  return JSON.parse(stdout).findings.map(
    (f: any) =>
      `${f.rule} ${f.object.kind}/${f.object.namespace}/${f.object.name} ${f.file}:${f.range.start.line}:${f.range.start.column}`,
  );
}

const TOP_LEVEL = [
  'host-port DaemonSet/ingress-nginx/ingress-nginx-controller realworld/ingress-nginx.yaml:35:15',
  'host-port DaemonSet/ingress-nginx/ingress-nginx-controller realworld/ingress-nginx.yaml:39:15',
  'loadbalancer-node-ports Service/ingress-nginx/ingress-nginx-controller realworld/ingress-nginx.yaml:55:3',
  'nodeport-service Service/team-a/storefront realworld/shop.yml:30:3',
  'external-ips Service/team-a/storefront-legacy realworld/shop.yml:45:3',
];

const RECURSIVE = [
  'host-port DaemonSet/ingress-nginx/ingress-nginx-controller realworld/ingress-nginx.yaml:35:15',
  'host-port-conflict DaemonSet/ingress-nginx/ingress-nginx-controller realworld/ingress-nginx.yaml:35:15',
  'host-port DaemonSet/ingress-nginx/ingress-nginx-controller realworld/ingress-nginx.yaml:39:15',
  'loadbalancer-node-ports Service/ingress-nginx/ingress-nginx-controller realworld/ingress-nginx.yaml:55:3',
  'nodeport-service Service/team-a/storefront realworld/shop.yml:30:3',
  'node-port-conflict Service/team-a/storefront realworld/shop.yml:36:7',
  'external-ips Service/team-a/storefront-legacy realworld/shop.yml:45:3',
  'host-network DaemonSet/team-b/node-exporter realworld/team-b/metrics.yaml:14:7',
  'host-pid DaemonSet/team-b/node-exporter realworld/team-b/metrics.yaml:15:7',
  'host-port DaemonSet/team-b/node-exporter realworld/team-b/metrics.yaml:25:15',
  'host-ipc CronJob/team-b/nightly-report realworld/team-b/metrics.yaml:39:11',
  'nodeport-service Service/team-b/grafana realworld/team-b/metrics.yaml:51:3',
  'node-port-conflict Service/team-b/grafana realworld/team-b/metrics.yaml:55:7',
  'host-port Rollout/team-b/checkout realworld/team-b/rollout.json:14:91',
  'host-port-conflict Rollout/team-b/checkout realworld/team-b/rollout.json:14:91',
];

describe('kubectl portguard scan -f (real kubectl)', () => {
  it('a folder without -R: its own files only; the clean file adds nothing; exit 1', () => {
    const run = kubectl(['scan', '-f', 'realworld', '-o', 'json']);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
    assert.deepEqual(brief(run.stdout), TOP_LEVEL);
    assert.deepEqual(JSON.parse(run.stdout).summary, {
      objects: 10,
      findings: 5,
      suppressed: 0,
      bySeverity: { high: 4, medium: 0, low: 1, info: 0 },
    });
  });

  it('-R: sub-folders, JSON Lists and CRDs too, conflicts across files and tenants', () => {
    const run = kubectl(['scan', '-f', 'realworld', '-R', '-o', 'json']);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
    assert.deepEqual(brief(run.stdout), RECURSIVE);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.summary, {
      objects: 15,
      findings: 15,
      suppressed: 0,
      bySeverity: { high: 10, medium: 4, low: 1, info: 0 },
    });
    assert.deepEqual(report.errors, []);
    const conflict = report.findings.find((f: any) => f.rule === 'node-port-conflict');
    assert.deepEqual(
      conflict.related.map(
        (r: any) =>
          `${r.object.kind}/${r.object.namespace}/${r.object.name} ${r.file}:${r.range.start.line}`,
      ),
      ['Service/team-b/grafana realworld/team-b/metrics.yaml:55'],
    );
  });

  it('clean objects produce nothing: exit 0', () => {
    const run = kubectl(['scan', '-f', 'realworld/clean.yaml', '-o', 'json']);
    assert.deepEqual(
      { status: run.status, stderr: run.stderr, findings: JSON.parse(run.stdout).findings },
      { status: 0, stderr: '', findings: [] },
    );
    assert.equal(JSON.parse(run.stdout).summary.objects, 3);
  });

  it('stdin with -f -', () => {
    const run = kubectl(['scan', '-f', '-', '-o', 'json'], {
      input: readFileSync(join(fixtures, 'realworld/shop.yml'), 'utf8'),
    });
    assert.equal(run.status, 1);
    assert.deepEqual(brief(run.stdout), [
      'nodeport-service Service/team-a/storefront <stdin>:30:3',
      'external-ips Service/team-a/storefront-legacy <stdin>:45:3',
    ]);
  });

  it('--fail-on: high ignores a low finding (exit 0), low counts it (exit 1), none never fails', () => {
    const lb = ['scan', '-f', '-', '-o', 'json'];
    const input =
      'apiVersion: v1\nkind: Service\nmetadata: {name: lb, namespace: team-e}\nspec:\n  ports: [{port: 443}]\n  type: LoadBalancer\n';
    assert.deepEqual(brief(kubectl(lb, { input }).stdout), [
      'loadbalancer-node-ports Service/team-e/lb <stdin>:6:3',
    ]);
    assert.equal(kubectl([...lb, '--fail-on', 'high'], { input }).status, 0);
    assert.equal(kubectl([...lb], { input }).status, 0);
    assert.equal(kubectl([...lb, '--fail-on', 'low'], { input }).status, 1);
    assert.equal(kubectl(['scan', '-f', 'realworld', '-R', '--fail-on', 'none']).status, 0);
  });

  it('a broken document: its file and line in errors and on stderr, the documents beside it still scanned, the template skipped, exit 2', () => {
    const run = kubectl(['scan', '-f', 'broken', '-R', '-o', 'json']);
    assert.equal(run.status, 2);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(brief(run.stdout), [
      'host-network Pod/team-d/debug-shell broken/half-broken.yaml:7:3',
      'nodeport-service Service/team-d/still-scanned broken/half-broken.yaml:27:3',
    ]);
    assert.deepEqual(
      report.errors.map((e: any) => `${e.file}:${e.line}`),
      ['broken/half-broken.yaml:18'],
    );
    assert.deepEqual(
      report.skipped.map((s: any) => s.file),
      ['broken/chart/templates/daemonset.yaml'],
    );
    assert.match(run.stderr, /^error: broken\/half-broken\.yaml:18:\d+: [^\n]+\n$/);
  });

  it('-o sarif is valid SARIF 2.1.0: a result per finding, the error as a notification', () => {
    const run = kubectl(['scan', '-f', 'realworld', '-f', 'broken', '-R', '-o', 'sarif']);
    assert.equal(run.status, 2);
    const log = JSON.parse(run.stdout);
    assert.equal(validateSarif(log), true, JSON.stringify(validateSarif.errors, null, 2));
    const sarifRun = log.runs[0];
    assert.deepEqual(
      sarifRun.results.map(
        (r: any) =>
          `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri}:${r.locations[0].physicalLocation.region.startLine}`,
      ),
      [
        'host-network broken/half-broken.yaml:7',
        'nodeport-service broken/half-broken.yaml:27',
        ...RECURSIVE.map((l) => {
          const [rule, , at] = l.split(' ');
          return `${rule} ${at.split(':').slice(0, 2).join(':')}`;
        }),
      ],
    );
    assert.deepEqual(
      sarifRun.invocations[0].toolExecutionNotifications.map(
        (n: any) => `${n.level} ${n.locations[0].physicalLocation.artifactLocation.uri}`,
      ),
      ['error broken/half-broken.yaml', 'note broken/chart/templates/daemonset.yaml'],
    );
  });

  it('-o junit has a testcase per object and a failure per finding', () => {
    const run = kubectl(['scan', '-f', 'realworld', '-R', '-o', 'junit']);
    assert.equal(run.status, 1);
    assert.match(
      run.stdout,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="portguard" tests="15" failures="8" errors="0" skipped="0">/,
    );
    assert.equal((run.stdout.match(/<testcase /g) ?? []).length, 15);
    assert.equal((run.stdout.match(/<failure /g) ?? []).length, 15);
  });

  it('-o table on a pipe: no colour; grouped by file; summary line', () => {
    const run = kubectl(['scan', '-f', 'realworld', '-R']);
    assert.equal(run.status, 1);
    assert.doesNotMatch(run.stdout, /\u001b/);
    assert.match(
      run.stdout,
      /^realworld\/ingress-nginx\.yaml\n {2}DaemonSet ingress-nginx\/ingress-nginx-controller\n/,
    );
    assert.match(run.stdout, /\n15 findings \(10 high, 4 medium, 1 low\) in 15 objects\n$/);
    assert.ok(run.stdout.split('\n').every((l) => l.length <= 80));
    const forced = kubectl(['scan', '-f', 'realworld', '-R'], { env: { FORCE_COLOR: '1' } });
    assert.match(forced.stdout, /\u001b\[1;31mHIGH/);
    const noColor = kubectl(['scan', '-f', 'realworld', '-R'], {
      env: { FORCE_COLOR: '1', NO_COLOR: '1' },
    });
    assert.doesNotMatch(noColor.stdout, /\u001b/);
  });

  it('-o table on a real terminal (a pty from script(1)): colour, and none with NO_COLOR', () => {
    const onTty = (extra: NodeJS.ProcessEnv) =>
      spawnSync('script', ['-qec', 'kubectl portguard scan -f realworld/shop.yml', '/dev/null'], {
        cwd: fixtures,
        env: { ...env, ...extra },
        input: '',
        encoding: 'utf8',
      });
    const coloured = onTty({});
    assert.equal(coloured.status, 1);
    assert.match(coloured.stdout, /\u001b\[1;31mHIGH/);
    const plain = onTty({ NO_COLOR: '1' });
    assert.equal(plain.status, 1);
    assert.doesNotMatch(plain.stdout, /\u001b/);
    assert.match(plain.stdout, /nodeport-service {2}Service "storefront"/);
  });

  it('a reader that stops early (| head) ends it quietly; a full disk is one line and exit 2', () => {
    // Far more output than a pipe buffers (64 KiB), so the writer really meets the closed pipe.
    const many = Array(300)
      .fill(readFileSync(join(fixtures, 'realworld/shop.yml'), 'utf8'))
      .join('---\n');
    const piped = spawnSync(
      'sh',
      ['-c', 'kubectl portguard scan -f - -o json | head -c 20; exit 0'],
      {
        cwd: fixtures,
        env,
        input: many,
        encoding: 'utf8',
      },
    );
    assert.equal(piped.stdout, '{\n  "findings": [\n  ');
    assert.equal(piped.stderr, '');
    const full = spawnSync('sh', ['-c', 'kubectl portguard scan -f realworld -R > /dev/full'], {
      cwd: fixtures,
      env,
      encoding: 'utf8',
    });
    assert.equal(full.status, 2);
    assert.match(full.stderr, /^error: cannot write the output: ENOSPC[^\n]*\n$/);
  });

  const failures: [string[], RegExp][] = [
    [
      ['scan', '-f', 'no/such/file.yaml'],
      /^error: no\/such\/file\.yaml: no such file or directory\n$/,
    ],
    [
      ['scan', '-f', 'realworld', '--output', 'html'],
      /^error: invalid value "html" for --output; choose from table, json, yaml, sarif, junit\n$/,
    ],
    [['scan', '-f', 'realworld', '--frobnicate'], /^error: unknown flag --frobnicate\n$/],
    [['scna', '-f', 'realworld'], /^error: unknown command "scna"; did you mean scan\?\n$/],
    [['explain', 'hostport'], /^error: unknown rule "hostport" \(known: host-port, [^\n]+\)\n$/],
  ];
  for (const [args, stderr] of failures) {
    it(`${args.join(' ')}: exit 2, one line on stderr, nothing on stdout`, () => {
      const run = kubectl(args);
      assert.equal(run.status, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, stderr);
    });
  }

  it('rules and explain', () => {
    const rules = kubectl(['rules', '-o', 'json']);
    assert.equal(rules.status, 0);
    const names = JSON.parse(rules.stdout).map((r: any) => r.name);
    for (const n of [
      'host-port',
      'host-network',
      'host-pid',
      'host-ipc',
      'nodeport-service',
      'loadbalancer-node-ports',
      'external-ips',
      'host-port-conflict',
      'node-port-conflict',
    ]) {
      assert.ok(names.includes(n), n);
    }
    const explain = kubectl(['explain', 'node-port-conflict']);
    assert.equal(explain.status, 0);
    assert.match(explain.stdout, /^node-port-conflict \(default severity: high\)\n/);
  });
});
