// Helm's rendered output (stdin or a file) mapped through its `# Source:` comments; --chart needs helm.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/run-cli.js';

const HELM = fileURLToPath(new URL('../fixtures/helm', import.meta.url));
const KUSTOMIZE = fileURLToPath(new URL('../fixtures/kustomize', import.meta.url));

interface Row {
  rule: string;
  file: string;
  line?: number;
  column?: number;
}

function rows(stdout: string): Row[] {
  const doc = JSON.parse(stdout) as {
    findings: {
      rule: string;
      file: string;
      range?: { start: { line: number; column: number } };
      rendered?: { by: string };
    }[];
  };
  return doc.findings.map((f) => {
    assert.deepEqual(f.rendered, { by: 'helm' });
    return {
      rule: f.rule,
      file: f.file,
      ...(f.range ? { line: f.range.start.line, column: f.range.start.column } : {}),
    };
  });
}

const cases: { name: string; argv: string[]; cwd: string; stdin?: string; want: Row[] }[] = [
  {
    name: 'a file: each finding on its template line, the value templated ({{ .Values.hostNetwork }})',
    argv: ['scan', '-f', 'node-agent-rendered.yaml', '-o', 'json'],
    cwd: HELM,
    want: [
      { rule: 'host-network', file: 'node-agent/templates/daemonset.yaml', line: 17, column: 7 },
      { rule: 'host-pid', file: 'node-agent/templates/daemonset.yaml', line: 18, column: 7 },
      { rule: 'host-port', file: 'node-agent/templates/daemonset.yaml', line: 29, column: 15 },
      { rule: 'nodeport-service', file: 'node-agent/templates/service.yaml', line: 9, column: 3 },
    ],
  },
  {
    name: 'stdin, resolved against the current folder',
    argv: ['scan', '-f', '-', '-o', 'json'],
    cwd: HELM,
    stdin: readFileSync(`${HELM}/node-agent-rendered.yaml`, 'utf8'),
    want: [
      { rule: 'host-network', file: 'node-agent/templates/daemonset.yaml', line: 17, column: 7 },
      { rule: 'host-pid', file: 'node-agent/templates/daemonset.yaml', line: 18, column: 7 },
      { rule: 'host-port', file: 'node-agent/templates/daemonset.yaml', line: 29, column: 15 },
      { rule: 'nodeport-service', file: 'node-agent/templates/service.yaml', line: 9, column: 3 },
    ],
  },
  {
    name: "a file in another folder: resolved against the file's folder, named from the cwd",
    argv: ['scan', '-f', '../helm/web-rendered.yaml', '-o', 'json'],
    cwd: KUSTOMIZE,
    want: [
      // ports come from toYaml: the template, without a line
      { rule: 'host-port', file: '../helm/web/templates/deployment.yaml' },
      // the second document of services.yaml, not the first one's `type: ClusterIP`
      {
        rule: 'loadbalancer-node-ports',
        file: '../helm/web/templates/services.yaml',
        line: 18,
        column: 3,
      },
      { rule: 'external-ips', file: '../helm/web/templates/services.yaml', line: 20, column: 3 },
    ],
  },
  {
    name: 'ports from a range loop: every rendered hostPort on the one literal line in the loop',
    argv: ['scan', '-f', 'edge-proxy-rendered.yaml', '-o', 'json'],
    cwd: HELM,
    want: [
      {
        rule: 'host-port',
        file: 'edge-proxy/templates/controller-deployment.yaml',
        line: 28,
        column: 15,
      },
      {
        rule: 'host-port',
        file: 'edge-proxy/templates/controller-deployment.yaml',
        line: 28,
        column: 15,
      },
      {
        rule: 'nodeport-service',
        file: 'edge-proxy/templates/controller-service.yaml',
        line: 7,
        column: 3,
      },
    ],
  },
  {
    name: 'stdin whose templates are nowhere to be found: the Source path, without a line',
    argv: ['scan', '-f', '-', '-o', 'json'],
    cwd: KUSTOMIZE,
    stdin: readFileSync(`${HELM}/web-rendered.yaml`, 'utf8'),
    want: [
      { rule: 'host-port', file: 'web/templates/deployment.yaml' },
      { rule: 'external-ips', file: 'web/templates/services.yaml' },
      { rule: 'loadbalancer-node-ports', file: 'web/templates/services.yaml' },
    ],
  },
];

describe('scan of rendered Helm output', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const run = await runCli(c.argv, { cwd: c.cwd, stdin: c.stdin, env: {} });
      assert.equal(run.stderr, '');
      assert.deepEqual(rows(run.stdout), c.want);
    });
  }

  it('the table names the template and line', async () => {
    const run = await runCli(['scan', '-f', 'node-agent-rendered.yaml'], { cwd: HELM, env: {} });
    assert.match(
      run.stdout,
      /^node-agent\/templates\/daemonset\.yaml\n {2}DaemonSet monitoring\/mon-node-agent\n {4}17:7 /,
    );
  });

  it('--chart without helm on PATH exits 2 with one line saying so', async () => {
    const run = await runCli(['scan', '--chart', 'node-agent', '--set', 'hostPort=false'], {
      cwd: HELM,
      env: { PATH: '/nonexistent' },
    });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr.split('\n').length, 2);
    assert.match(run.stderr, /^error: --chart needs helm on PATH/);
  });

  it('--values without --chart is a usage error', async () => {
    const run = await runCli(['scan', '-f', 'node-agent-rendered.yaml', '--values', 'v.yaml'], {
      cwd: HELM,
      env: {},
    });
    assert.equal(run.code, 2);
    assert.equal(run.stderr, 'error: --values, --set and --release go with --chart DIR\n');
  });
});
