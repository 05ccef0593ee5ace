// `kubectl portguard version [-o json]` and `--version`, through main().
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runCli } from './helpers/run-cli.js';

const cwd = process.cwd();
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('version', () => {
  it('prints version, commit and Node.js version', async () => {
    const run = await runCli(['version'], { cwd });
    assert.equal(run.code, 0);
    assert.equal(run.stderr, '');
    assert.match(
      run.stdout,
      new RegExp(
        `^kubectl-portguard ${version.replace(/\./g, '\\.')} \\(commit [0-9a-f]{12}, Node\\.js ${process.version}\\)\\n$`,
      ),
    );
  });

  it('-o json: {version, commit, node}', async () => {
    const run = await runCli(['version', '-o', 'json'], { cwd });
    assert.equal(run.code, 0);
    const info = JSON.parse(run.stdout);
    assert.deepEqual(Object.keys(info), ['version', 'commit', 'node']);
    assert.equal(info.version, version);
    assert.match(info.commit, /^[0-9a-f]{12}$/);
    assert.equal(info.node, process.version);
  });

  it('--version prints the same version', async () => {
    const [a, b] = await Promise.all([
      runCli(['--version'], { cwd }),
      runCli(['version', '-o', 'json'], { cwd }),
    ]);
    assert.equal(a.stdout, `${JSON.parse(b.stdout).version}\n`);
  });

  it('-o xml: exit 2, one line', async () => {
    const run = await runCli(['version', '-o', 'xml'], { cwd });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^error: [^\n]+\n$/);
  });
});
