// The CLI's output formats end to end through main(): colour rules, yaml = json, sarif and junit wired.
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { runCli } from './helpers/run-cli.js';
import { SCAN_FIXTURES } from './helpers/fixtures.js';
import { sarifSchemaErrors } from './helpers/sarif-schema.js';

const ANSI = /\u001b\[/;

describe('scan -o table: colour', () => {
  const cases: { name: string; tty: boolean; env: NodeJS.ProcessEnv; color: boolean }[] = [
    { name: 'a pipe: none', tty: false, env: {}, color: false },
    { name: 'a terminal: colour', tty: true, env: {}, color: true },
    { name: 'a terminal with NO_COLOR=1: none', tty: true, env: { NO_COLOR: '1' }, color: false },
    {
      name: 'a terminal with NO_COLOR empty: colour (no-color.org)',
      tty: true,
      env: { NO_COLOR: '' },
      color: true,
    },
    {
      name: 'a pipe with FORCE_COLOR=1: colour',
      tty: false,
      env: { FORCE_COLOR: '1' },
      color: true,
    },
    {
      name: 'a pipe with FORCE_COLOR=0: none',
      tty: false,
      env: { FORCE_COLOR: '0' },
      color: false,
    },
    {
      name: 'NO_COLOR beats FORCE_COLOR',
      tty: true,
      env: { NO_COLOR: '1', FORCE_COLOR: '1' },
      color: false,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const run = await runCli(['scan', '-f', 'basic'], {
        cwd: SCAN_FIXTURES,
        env: c.env,
        tty: c.tty ? { columns: 120 } : undefined,
      });
      assert.equal(run.code, 1);
      assert.equal(ANSI.test(run.stdout), c.color, run.stdout);
      assert.doesNotMatch(run.stderr, ANSI);
    });
  }

  it('wraps to the terminal width', async () => {
    const run = await runCli(['scan', '-f', 'basic', '-f', 'broken'], {
      cwd: SCAN_FIXTURES,
      tty: { columns: 60 },
      env: { NO_COLOR: '1' },
    });
    assert.equal(run.code, 2);
    const lines = run.stdout.split('\n');
    assert.ok(
      lines.every((l) => l.length <= 60),
      run.stdout,
    );
    assert.deepEqual(lines.slice(-2), [
      '4 findings (4 high) in 6 objects; 2 input errors (on stderr)',
      '',
    ]);
  });
});

describe('scan -o yaml|sarif|junit', () => {
  it('yaml is the json document, without YAML aliases', async () => {
    const json = await runCli(['scan', '-f', 'basic', '-f', 'helm', '-o', 'json'], {
      cwd: SCAN_FIXTURES,
    });
    const yaml = await runCli(['scan', '-f', 'basic', '-f', 'helm', '-o', 'yaml'], {
      cwd: SCAN_FIXTURES,
    });
    assert.equal(yaml.code, json.code);
    assert.doesNotMatch(yaml.stdout, /[&*]a\d/);
    assert.deepEqual(parse(yaml.stdout), JSON.parse(json.stdout));
  });

  it('sarif is valid SARIF 2.1.0 with a %SRCROOT% at the scan folder', async () => {
    const run = await runCli(['scan', '-f', 'basic', '-f', 'broken', '-o', 'sarif'], {
      cwd: SCAN_FIXTURES,
    });
    assert.equal(run.code, 2);
    const log = JSON.parse(run.stdout);
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri.endsWith('/fixtures/scan/'), true);
    assert.deepEqual(
      log.runs[0].results.map(
        (r: any) => `${r.ruleId} ${r.locations[0].physicalLocation.artifactLocation.uri}`,
      ),
      [
        'host-port basic/web.yaml',
        'nodeport-service basic/web.yaml',
        'host-network broken/mixed.yaml',
        'external-ips broken/mixed.yaml',
      ],
    );
  });

  it('sarif from stdin names no file URI (there is none) and is still valid', async () => {
    const run = await runCli(['scan', '-f', '-', '-o', 'sarif'], {
      cwd: SCAN_FIXTURES,
      stdin: 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: NodePort}\n',
    });
    assert.equal(run.code, 1);
    const log = JSON.parse(run.stdout);
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.deepEqual(log.runs[0].results[0].locations[0].physicalLocation, {
      artifactLocation: { description: { text: 'standard input' } },
      region: { startLine: 4, startColumn: 8, endLine: 4, endColumn: 22 },
    });
  });

  it('junit has a testcase per object', async () => {
    const run = await runCli(['scan', '-f', 'basic', '-o', 'junit'], { cwd: SCAN_FIXTURES });
    assert.equal(run.code, 1);
    assert.equal((run.stdout.match(/<testcase /g) ?? []).length, 4);
    assert.equal((run.stdout.match(/<failure /g) ?? []).length, 2);
  });
});
