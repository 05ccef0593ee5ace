// `__complete` (what kubectl_complete-portguard runs) and `completion bash|zsh|fish`, through main().
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rules } from '@portguard/core';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { runCli } from './helpers/run-cli.js';
import type { CommandFactory, MainIO } from '../src/main.js';
import { commandSpecs } from '../src/completion/command-specs.js';
import { complete, type ValueSource } from '../src/completion/complete.js';

const cwd = process.cwd();

/** The candidates (without descriptions) and the directive of one `__complete` run. */
async function completeWords(words: string[], env: NodeJS.ProcessEnv = {}) {
  const run = await runCli(['__complete', ...words], { cwd, env });
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  const directive = lines.pop();
  return { values: lines.map((l) => l.split('\t')[0]), directive, stderr: run.stderr };
}

const HOST_RULES = rules.map((r) => r.meta.name).filter((n) => n.startsWith('h'));

// [words typed, the candidates, the directive (Cobra: 4 = no file completion, 0 = files)]
const CASES: [string[], string[] | ((v: string[]) => boolean), string][] = [
  [['explain', 'h'], HOST_RULES, ':4'],
  [['explain', ''], rules.map((r) => r.meta.name), ':4'],
  [['scan', '-o', ''], ['table', 'json', 'yaml', 'sarif', 'junit'], ':4'],
  [['scan', '-o', 'j'], ['json', 'junit'], ':4'],
  [['scan', '--output=s'], ['--output=sarif'], ':4'],
  [['scan', '--fail-on', ''], ['high', 'medium', 'low', 'info', 'none'], ':4'],
  [['fix', '--to', ''], (v) => v.includes('service') && v.includes('ingress'), ':4'],
  [['policy', '--engine', ''], (v) => v.includes('vap') && v.includes('kyverno'), ':4'],
  [['rules', '-o', ''], ['table', 'json'], ':4'],
  [['version', '-o', ''], ['text', 'json'], ':4'],
  [['completion', ''], ['bash', 'zsh', 'fish'], ':4'],
  [['sc'], ['scan'], ':4'],
  [['scan', '--fail'], ['--fail-on'], ':4'],
  // -f takes a file: the shell completes files
  [['scan', '-f', ''], [], ':0'],
  [['scan', '--kubeconfig', ''], [], ':0'],
  // every command that main.ts lists, from the yargs definitions (none listed here by hand)
  [
    [''],
    (v) =>
      ['scan', 'fix', 'tui', 'policy', 'rules', 'explain', 'version', 'completion'].every((c) =>
        v.includes(c),
      ) && !v.includes('__complete'),
    ':4',
  ],
  // a flag given once is not offered again; a repeatable one is
  [['scan', '-o', 'json', '--ou'], [], ':4'],
  [['scan', '-f', 'a.yaml', '--file'], ['--filename'], ':4'],
];

describe('__complete (kubectl_complete-portguard)', () => {
  for (const [words, expected, directive] of CASES) {
    it(`${JSON.stringify(words)}`, async () => {
      const got = await completeWords(words);
      if (typeof expected === 'function') assert.ok(expected(got.values), got.values.join(' '));
      else assert.deepEqual(got.values, expected);
      assert.equal(got.directive, directive);
    });
  }

  it('commands come with their descriptions, flags with theirs', async () => {
    const run = await runCli(['__complete', 'scan', '--fail-'], { cwd });
    assert.match(
      run.stdout,
      /^--fail-on\tExit 1 when a finding is at or above this severity\n:4\n$/,
    );
  });

  describe('contexts and namespaces from the kubeconfig and the cluster', () => {
    let server: ApiServer;
    let kubeconfig: string;
    before(async () => {
      server = await startApiServer({
        state: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } },
        ],
        https: true,
        users: [{ name: 'admin', token: 'completion-test-token' }],
      });
      kubeconfig = join(tmpdir(), `portguard-completion-${process.pid}.kubeconfig`);
      writeFileSync(kubeconfig, server.kubeconfig('admin', { name: 'test-ctx' }), { mode: 0o600 });
    });
    after(() => server.close());

    it('--context offers the kubeconfig contexts', async () => {
      const got = await completeWords(['scan', '--kubeconfig', kubeconfig, '--context', '']);
      assert.deepEqual(got.values, ['test-ctx']);
    });

    it('-n offers the namespaces the cluster lists ($KUBECONFIG)', async () => {
      const got = await completeWords(['scan', '-n', 'team'], { KUBECONFIG: kubeconfig });
      assert.deepEqual(got.values, ['team-a', 'team-b']);
      assert.equal(got.directive, ':4');
    });

    it('a cluster that does not answer in time: nothing, silently, exit 0', async () => {
      const remove = server.injectFault({ path: '/api/v1/namespaces', delayMs: 8000 });
      try {
        const got = await completeWords(['tui', '-n', ''], { KUBECONFIG: kubeconfig });
        assert.deepEqual(got.values, []);
        assert.equal(got.stderr, '');
      } finally {
        remove();
      }
    });

    it('no kubeconfig at all: nothing, silently', async () => {
      const got = await completeWords(['scan', '--context', ''], {
        HOME: tmpdir(),
        KUBECONFIG: '',
      });
      assert.deepEqual(got.values, []);
      assert.equal(got.stderr, '');
    });
  });
});

describe('completion bash|zsh|fish', () => {
  it('bash: the script parses, and sourced it completes through __complete', async () => {
    const run = await runCli(['completion', 'bash'], { cwd });
    assert.equal(run.code, 0);
    assert.equal(spawnSync('bash', ['-n'], { input: run.stdout }).status, 0);
    // A bash that sources the script and completes `kubectl-portguard explain host-p`, with a
    // kubectl-portguard on PATH that prints what __complete would.
    const dir = join(tmpdir(), `portguard-bash-${process.pid}`);
    const script = join(dir, 'completion.bash');
    spawnSync('mkdir', ['-p', dir]);
    writeFileSync(script, run.stdout);
    writeFileSync(
      join(dir, 'kubectl-portguard'),
      `#!/bin/sh\n[ "$1 $2 $3" = "__complete explain host-p" ] && printf 'host-port\\tA container port\\nhost-port-conflict\\tWorkloads\\n:4\\n'\n`,
      { mode: 0o755 },
    );
    const bash = spawnSync(
      'bash',
      [
        '-c',
        `source ${script}; COMP_LINE='kubectl-portguard explain host-p'; COMP_POINT=\${#COMP_LINE}; COMP_WORDS=(kubectl-portguard explain host-p); COMP_CWORD=2; _kubectl_portguard; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin` } },
    );
    assert.equal(bash.stdout, 'host-port\nhost-port-conflict\n', bash.stderr);
  });

  for (const shell of ['zsh', 'fish']) {
    it(`${shell}: a script that asks __complete`, async () => {
      const run = await runCli(['completion', shell], { cwd });
      assert.equal(run.code, 0);
      assert.match(run.stdout, / __complete /);
    });
  }

  it('an unknown shell is exit 2 with one line', async () => {
    const run = await runCli(['completion', 'tcsh'], { cwd });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: [^\n]+\n$/);
  });
});

describe('completion reads any yargs command module', () => {
  // A command no list names: what a new command module gets for free.
  const frob: CommandFactory = () => (y) =>
    y
      .command(
        'frob <thing> [more..]',
        'Frob a thing',
        (b) =>
          b
            .positional('thing', { choices: ['alpha', 'beta'] as const })
            .option('level', { alias: 'l', choices: ['low', 'high'] as const, requiresArg: true })
            .option('dry-run', { type: 'boolean', describe: 'Only say what would change' })
            .command('deeper', 'A subcommand', (c) => c.option('depth', { type: 'number' })),
        () => {},
      )
      .command('hidden-one', false, () => {});
  const specs = commandSpecs([frob], { argv: [], env: {}, cwd: '/' } as unknown as MainIO);
  const none: ValueSource = () => undefined;
  const values = async (words: string[], last: string) =>
    (await complete(specs, words, last, none)).candidates.map((c) => c.value);

  // [words typed, the word being completed, the candidates]
  const TABLE: [string[], string, string[]][] = [
    [[], '', ['frob']],
    [['frob'], '', ['deeper', 'alpha', 'beta']],
    [['frob'], 'd', ['deeper']],
    [['frob'], 'a', ['alpha']],
    [['frob', 'alpha'], '', []],
    [['frob', 'alpha', '-l'], '', ['low', 'high']],
    [['frob', 'alpha', '--level'], 'h', ['high']],
    [['frob', 'alpha'], '--dr', ['--dry-run']],
    [['frob', 'alpha', '--dry-run'], '--dr', []],
    [['frob', 'deeper'], '--de', ['--depth']],
  ];
  for (const [words, last, expected] of TABLE) {
    it(`${JSON.stringify([...words, last])} → ${expected.join(' ') || 'nothing'}`, async () => {
      assert.deepEqual(await values(words, last), expected);
    });
  }

  it('reads descriptions, aliases and positionals; hides hidden commands', () => {
    assert.deepEqual(
      specs.map((s) => s.name),
      ['frob'],
    );
    const [s] = specs;
    assert.equal(s.describe, 'Frob a thing');
    assert.deepEqual(s.positionals, [
      { name: 'thing', variadic: false, choices: ['alpha', 'beta'] },
      { name: 'more', variadic: true, choices: undefined },
    ]);
    const level = s.options.find((o) => o.name === 'level');
    assert.deepEqual(level?.aliases, ['l']);
    assert.equal(s.options.find((o) => o.name === 'dry-run')?.takesValue, false);
    assert.equal(
      s.options.find((o) => o.name === 'dry-run')?.describe,
      'Only say what would change',
    );
  });
});
