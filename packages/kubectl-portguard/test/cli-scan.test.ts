// `kubectl portguard scan -f`: argv in, exit code, stdout and stderr out, through main() with injected I/O.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from './helpers/run-cli.js';
import { SCAN_FIXTURES } from './helpers/fixtures.js';

interface Summary {
  objects: number;
  findings: number;
  suppressed: number;
  bySeverity: Record<string, number>;
}

/** `rule Kind/name file:line:column` per finding, the shape every case below compares. */
function findingLines(stdout: string): string[] {
  const report = JSON.parse(stdout);
  return report.findings.map(
    (f: any) =>
      `${f.rule} ${f.object.kind}/${f.object.name} ${f.file}:${f.range.start.line}:${f.range.start.column}`,
  );
}

const sev = (high: number, medium: number, low: number, info: number) => ({
  high,
  medium,
  low,
  info,
});

describe('scan -f -o json', () => {
  const cases: {
    name: string;
    argv: string[];
    stdin?: string;
    code: number;
    findings: string[];
    summary: Summary;
    /** Input errors: file and position exactly; the wording (core's) by a pattern. */
    errors: { file: string; line?: number; column?: number; message: RegExp }[];
    skipped?: { file: string; reason: string }[];
    stderr: string | RegExp;
  }[] = [
    {
      name: 'a folder: every manifest in it, .txt ignored, exit 1 on high findings',
      argv: ['scan', '-f', 'basic', '-o', 'json'],
      code: 1,
      findings: [
        'host-port Deployment/web basic/web.yaml:20:15',
        'nodeport-service Service/web basic/web.yaml:28:3',
      ],
      summary: { objects: 4, findings: 2, suppressed: 0, bySeverity: sev(2, 0, 0, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: 'a clean file: no findings, exit 0',
      argv: ['scan', '-f', 'basic/clean.yaml', '-o', 'json'],
      code: 0,
      findings: [],
      summary: { objects: 2, findings: 0, suppressed: 0, bySeverity: sev(0, 0, 0, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: '--fail-on none: findings but exit 0',
      argv: ['scan', '-f', 'basic', '-o', 'json', '--fail-on', 'none'],
      code: 0,
      findings: [
        'host-port Deployment/web basic/web.yaml:20:15',
        'nodeport-service Service/web basic/web.yaml:28:3',
      ],
      summary: { objects: 4, findings: 2, suppressed: 0, bySeverity: sev(2, 0, 0, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: 'a folder without -R: only its own files (medium finding, default --fail-on medium → 1)',
      argv: ['scan', '-f', 'nested', '-o', 'json'],
      code: 1,
      findings: ['host-pid Pod/top nested/top.yaml:7:3'],
      summary: { objects: 1, findings: 1, suppressed: 0, bySeverity: sev(0, 1, 0, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: '-R: sub-folders too, JSON files included',
      argv: ['scan', '-f', 'nested', '-R', '-o', 'json'],
      code: 1,
      findings: [
        'loadbalancer-node-ports Service/deep nested/sub/deep.json:5:12',
        'host-pid Pod/top nested/top.yaml:7:3',
      ],
      summary: { objects: 2, findings: 2, suppressed: 0, bySeverity: sev(0, 1, 1, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: '--fail-on high: medium and low findings exit 0',
      argv: ['scan', '-f', 'nested', '-R', '-o', 'json', '--fail-on', 'high'],
      code: 0,
      findings: [
        'loadbalancer-node-ports Service/deep nested/sub/deep.json:5:12',
        'host-pid Pod/top nested/top.yaml:7:3',
      ],
      summary: { objects: 2, findings: 2, suppressed: 0, bySeverity: sev(0, 1, 1, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: '--fail-on low: a low finding exits 1',
      argv: ['scan', '-f', 'nested/sub', '-o', 'json', '--fail-on', 'low'],
      code: 1,
      findings: ['loadbalancer-node-ports Service/deep nested/sub/deep.json:5:12'],
      summary: { objects: 1, findings: 1, suppressed: 0, bySeverity: sev(0, 0, 1, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: 'default --fail-on medium: a low finding alone exits 0',
      argv: ['scan', '-f', 'nested/sub', '-o', 'json'],
      code: 0,
      findings: ['loadbalancer-node-ports Service/deep nested/sub/deep.json:5:12'],
      summary: { objects: 1, findings: 1, suppressed: 0, bySeverity: sev(0, 0, 1, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: 'a broken document: reported with file and line, the documents beside it still scanned, exit 2',
      argv: ['scan', '-f', 'broken', '-o', 'json'],
      code: 2,
      findings: [
        'host-network Pod/before broken/mixed.yaml:7:3',
        'external-ips Service/after broken/mixed.yaml:26:3',
      ],
      summary: { objects: 2, findings: 2, suppressed: 0, bySeverity: sev(2, 0, 0, 0) },
      errors: [
        {
          file: 'broken/mixed.yaml',
          line: 17,
          column: 1,
          message: /must start at the same column/,
        },
        {
          file: 'broken/no-kind.yaml',
          line: 1,
          message: /no kind/,
        },
      ],
      stderr:
        /^error: broken\/mixed\.yaml:17:1: .*same column.*\nerror: broken\/no-kind\.yaml:1: .*no kind.*\n$/,
    },
    {
      name: 'a Helm template is skipped, not an error, exit 0',
      argv: ['scan', '-f', 'helm', '-o', 'json'],
      code: 0,
      findings: [],
      summary: { objects: 0, findings: 0, suppressed: 0, bySeverity: sev(0, 0, 0, 0) },
      errors: [],
      skipped: [
        {
          file: 'helm/deployment.yaml',
          reason: 'template (contains "{{"); render it first, e.g. helm template',
        },
      ],
      stderr: '',
    },
    {
      name: 'a Helm chart folder (Chart.yaml) is skipped whole, the rendered manifest beside it scanned',
      argv: ['scan', '-f', 'charts', '-R', '-o', 'json'],
      code: 1,
      findings: ['nodeport-service Service/edge charts/rendered.yaml:5:3'],
      summary: { objects: 1, findings: 1, suppressed: 0, bySeverity: sev(1, 0, 0, 0) },
      errors: [],
      skipped: [
        { file: 'charts/agent', reason: 'Helm chart; render it first, e.g. helm template' },
      ],
      stderr: '',
    },
    {
      name: 'a skipped chart beside a missing file: the report still lists the chart, exit 2',
      argv: ['scan', '-f', 'charts/agent', '-f', 'missing.yaml', '-o', 'json'],
      code: 2,
      findings: [],
      summary: { objects: 0, findings: 0, suppressed: 0, bySeverity: sev(0, 0, 0, 0) },
      errors: [{ file: 'missing.yaml', message: /^no such file or directory$/ }],
      skipped: [
        { file: 'charts/agent', reason: 'Helm chart; render it first, e.g. helm template' },
      ],
      stderr: 'error: missing.yaml: no such file or directory\n',
    },
    {
      name: 'a missing file beside a good folder: the report still shows the folder, exit 2',
      argv: ['scan', '-f', 'basic', '-f', 'missing.yaml', '-o', 'json'],
      code: 2,
      findings: [
        'host-port Deployment/web basic/web.yaml:20:15',
        'nodeport-service Service/web basic/web.yaml:28:3',
      ],
      summary: { objects: 4, findings: 2, suppressed: 0, bySeverity: sev(2, 0, 0, 0) },
      errors: [{ file: 'missing.yaml', message: /^no such file or directory$/ }],
      stderr: 'error: missing.yaml: no such file or directory\n',
    },
    {
      name: 'stdin with -f -',
      argv: ['scan', '-f', '-', '-o', 'json'],
      stdin: readFileSync(join(SCAN_FIXTURES, 'basic/web.yaml'), 'utf8'),
      code: 1,
      findings: [
        'host-port Deployment/web <stdin>:20:15',
        'nodeport-service Service/web <stdin>:28:3',
      ],
      summary: { objects: 2, findings: 2, suppressed: 0, bySeverity: sev(2, 0, 0, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: 'stdin and a folder together (--filename=- spelling)',
      argv: ['scan', '--filename=-', '-f', 'nested/sub', '-o', 'json'],
      stdin: readFileSync(join(SCAN_FIXTURES, 'nested/top.yaml'), 'utf8'),
      code: 1,
      findings: [
        'host-pid Pod/top <stdin>:7:3',
        'loadbalancer-node-ports Service/deep nested/sub/deep.json:5:12',
      ],
      summary: { objects: 2, findings: 2, suppressed: 0, bySeverity: sev(0, 1, 1, 0) },
      errors: [],
      stderr: '',
    },
    {
      name: 'annotations suppress: counted, not reported',
      argv: ['scan', '-f', 'suppressed', '-o', 'json'],
      code: 1,
      findings: ['host-pid DaemonSet/node-exporter suppressed/agent.yaml:17:7'],
      summary: { objects: 1, findings: 1, suppressed: 2, bySeverity: sev(0, 1, 0, 0) },
      errors: [],
      stderr: '',
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const run = await runCli(c.argv, { cwd: SCAN_FIXTURES, stdin: c.stdin });
      if (typeof c.stderr === 'string') assert.equal(run.stderr, c.stderr);
      else assert.match(run.stderr, c.stderr);
      assert.equal(run.code, c.code);
      const report = JSON.parse(run.stdout);
      assert.deepEqual(findingLines(run.stdout), c.findings);
      assert.deepEqual(report.summary, c.summary);
      assert.deepEqual(
        report.errors.map(({ message: _m, ...at }: any) => at),
        c.errors.map(({ message: _m, ...at }) => at),
      );
      report.errors.forEach((e: any, i: number) => assert.match(e.message, c.errors[i].message));
      assert.deepEqual(report.skipped, c.skipped ?? []);
    });
  }

  it('writes every finding in the contract shape, keys in order', async () => {
    const run = await runCli(['scan', '-f', 'basic/web.yaml', '-o', 'json'], {
      cwd: SCAN_FIXTURES,
    });
    const report = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(report), ['findings', 'summary', 'errors', 'skipped']);
    assert.deepEqual(report.findings[0], {
      rule: 'host-port',
      severity: 'high',
      message: 'container "app" uses hostPort 8080',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'team-a', name: 'web' },
      path: 'spec.template.spec.containers[0].ports[0].hostPort',
      tenant: 'team-a',
      file: 'basic/web.yaml',
      range: { start: { line: 20, column: 15 }, end: { line: 20, column: 29 } },
    });
  });
});

describe('scan -f - on a terminal', () => {
  it('exits 2 with a hint instead of waiting for input that is not coming', async () => {
    // Never ended: reading it would hang the test until its timeout.
    const r = await runCli(['scan', '-f', 'basic', '-f', '-'], {
      cwd: SCAN_FIXTURES,
      stdin: new PassThrough(),
      stdinTTY: true,
    });
    assert.deepEqual(
      [r.code, r.stderr, r.stdout],
      [
        2,
        'error: -f - reads manifests from stdin, but stdin is a terminal: pipe them in (helm template x | kubectl portguard scan -f -) or name the files\n',
        '',
      ],
    );
  });
});

describe('scan: failures are one line on stderr, exit 2, nothing on stdout', () => {
  const cases: { argv: string[]; stdin?: string; stderr: string | RegExp }[] = [
    {
      argv: ['scan', '-f', 'missing.yaml'],
      stderr: 'error: missing.yaml: no such file or directory\n',
    },
    {
      argv: ['scan', '-f', 'missing.yaml', '-f', 'gone/'],
      stderr:
        'error: missing.yaml: no such file or directory\nerror: gone/: no such file or directory\n',
    },
    {
      argv: ['scan', '-f', 'textonly'],
      stderr: 'error: textonly: no .yaml, .yml or .json files in this folder\n',
    },
    {
      argv: ['scan', '-f', '-', '-f', '-'],
      stdin: '',
      stderr: 'error: stdin (-) can be given only once\n',
    },
    {
      argv: ['scan', '-f', 'https://example.com/deploy.yaml'],
      stderr:
        'error: https://example.com/deploy.yaml: URLs are not read; pipe the manifest in: curl -sL URL | kubectl portguard scan -f -\n',
    },
    { argv: ['scan', '--bogus'], stderr: 'error: unknown flag --bogus\n' },
    { argv: ['scan', '-x', '-f', 'basic'], stderr: 'error: unknown flag -x\n' },
    { argv: ['scan', '-f'], stderr: 'error: flag -f needs a value\n' },
    { argv: ['scan', '-f', 'basic', '-o'], stderr: 'error: flag -o needs a value\n' },
    {
      argv: ['scan', '-f', 'basic', '-o', 'xml'],
      stderr:
        'error: invalid value "xml" for --output; choose from table, json, yaml, sarif, junit\n',
    },
    {
      argv: ['scan', '-f', 'basic', '--fail-on', 'critical'],
      stderr:
        'error: invalid value "critical" for --fail-on; choose from high, medium, low, info, none\n',
    },
    {
      argv: ['scan', '-n', 'a', '-A'],
      stderr: 'error: --namespace and --all-namespaces cannot be used together\n',
    },
    {
      argv: ['scan', '-f', 'basic', '--config', 'config/bad.portguard.yaml'],
      // The config file's name and line are the CLI's promise; the wording is core's.
      stderr: /^error: config\/bad\.portguard\.yaml:3: unknown key "exemptoins"[^\n]*\n$/,
    },
    {
      argv: ['scan', '-f', 'basic', '--config', 'config/none.yaml'],
      stderr: 'error: config/none.yaml: cannot read config file: no such file or directory\n',
    },
    { argv: ['scna'], stderr: 'error: unknown command "scna"; did you mean scan?\n' },
    {
      argv: ['frobnicate'],
      stderr: 'error: unknown command "frobnicate" (see kubectl portguard --help)\n',
    },
  ];
  for (const c of cases) {
    it(c.argv.join(' '), async () => {
      const run = await runCli(c.argv, { cwd: SCAN_FIXTURES, stdin: c.stdin });
      assert.deepEqual({ ...run, stderr: '' }, { code: 2, stdout: '', stderr: '' });
      if (typeof c.stderr === 'string') assert.equal(run.stderr, c.stderr);
      else assert.match(run.stderr, c.stderr);
    });
  }
});
