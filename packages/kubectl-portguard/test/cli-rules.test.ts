// `kubectl portguard rules`, `explain RULE` and the help texts, through main().
import assert from 'node:assert/strict';
import { rules } from '@portguard/core';
import { runCli } from './helpers/run-cli.js';

const cwd = process.cwd();

describe('rules', () => {
  it('lists every rule with severity, fixability and description', async () => {
    const run = await runCli(['rules'], { cwd });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    const lines = run.stdout.trimEnd().split('\n');
    assert.match(lines[0], /^RULE +SEVERITY +FIX +DESCRIPTION$/);
    assert.ok(lines.every((l) => l.length <= 80));
    assert.deepEqual(
      lines
        .slice(1)
        .filter((l) => !l.startsWith(' '))
        .map((l) => l.split(/ +/).slice(0, 3).join(' ')),
      rules.map((r) => `${r.meta.name} ${r.meta.severity} ${r.meta.fixable ? 'yes' : 'no'}`),
    );
  });

  it('-o json gives each rule meta with its docs URL', async () => {
    const run = await runCli(['rules', '-o', 'json'], { cwd });
    assert.equal(run.code, 0);
    const list = JSON.parse(run.stdout);
    assert.deepEqual(
      list.map((r: any) => [r.name, r.docsUrl]),
      rules.map((r) => [
        r.meta.name,
        `https://github.com/portguard/portguard/blob/main/docs/rules/${r.meta.name}.md`,
      ]),
    );
  });

  it('-o yaml is refused in one line', async () => {
    const run = await runCli(['rules', '-o', 'yaml'], { cwd });
    assert.deepEqual(run, {
      code: 2,
      stdout: '',
      stderr: 'error: invalid value "yaml" for --output; choose from table, json\n',
    });
  });
});

describe('explain', () => {
  it('explains a rule: severity, why, fix, suppression, doc', async () => {
    const run = await runCli(['explain', 'external-ips'], { cwd });
    assert.equal(run.code, 0);
    const meta = rules.find((r) => r.meta.name === 'external-ips')!.meta;
    assert.ok(
      run.stdout.startsWith(`external-ips (default severity: high)\n\n${meta.description}\n`),
    );
    // Paragraphs are wrapped at 80 columns on a pipe: compare them with the line breaks undone.
    assert.ok(run.stdout.replace(/\s+/g, ' ').includes(` Why: ${meta.rationale} References: `));
    assert.ok(run.stdout.split('\n').every((l) => l.length <= 80 || /^(Docs|Suppress): /.test(l)));
    assert.ok(
      run.stdout.includes(
        'Suppress: annotate the object or its namespace with portguard.dev/ignore: "external-ips"\n',
      ),
    );
    assert.ok(run.stdout.endsWith(`Docs: ${meta.docsUrl}\n`));
  });

  it('an unknown rule: exit 2, one line naming the known ones', async () => {
    const run = await runCli(['explain', 'host-prot'], { cwd });
    assert.deepEqual(run, {
      code: 2,
      stdout: '',
      stderr: `error: unknown rule "host-prot" (known: ${rules.map((r) => r.meta.name).join(', ')})\n`,
    });
  });

  it('no rule: exit 2, one line', async () => {
    const run = await runCli(['explain'], { cwd });
    assert.deepEqual(run, {
      code: 2,
      stdout: '',
      stderr: 'error: explain needs an argument (see kubectl portguard explain --help)\n',
    });
  });
});

describe('help and version', () => {
  it('--help lists the commands, exit 0', async () => {
    const run = await runCli(['--help'], { cwd });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    for (const c of ['scan', 'rules', 'explain <rule>']) {
      assert.match(run.stdout, new RegExp(`^  kubectl portguard ${c} +\\S`, 'm'));
    }
  });

  it('scan --help shows every contract flag and examples, exit 0', async () => {
    const run = await runCli(['scan', '--help'], { cwd });
    assert.equal(run.code, 0);
    for (const flag of [
      '-f, --filename',
      '-R, --recursive',
      '-n, --namespace',
      '-A, --all-namespaces',
      '--context',
      '--kubeconfig',
      '-o, --output',
      '--fail-on',
      '--config',
      '--tui',
      '--demo',
    ]) {
      assert.ok(run.stdout.includes(flag), flag);
    }
    assert.match(run.stdout, /^Examples:$/m);
  });

  it('no command: exit 2, one line', async () => {
    const run = await runCli([], { cwd });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /^error: name a command: [^\n]+\n$/);
  });

  it('--version prints the package version', async () => {
    const run = await runCli(['--version'], { cwd });
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
