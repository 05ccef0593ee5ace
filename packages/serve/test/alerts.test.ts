// install's PrometheusRule: its groups pass `promtool check rules` and promtool's unit tests of their own.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { installManifests } from '../src/install/manifests.js';

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));

describe('alert rules (promtool)', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-promtool-'));
    // The groups exactly as install prints them in the PrometheusRule.
    const rule = installManifests({ namespace: 'portguard', image: 'x', mode: 'warn' }).find(
      (o) => o.kind === 'PrometheusRule',
    )!;
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: rule.spec.groups }));
    copyFileSync(join(here, 'fixtures/alerts.promtool.yaml'), join(dir, 'tests.yaml'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('promtool check rules accepts them', async () => {
    const { stdout } = await run('promtool', ['check', 'rules', join(dir, 'rules.yaml')]);
    assert.match(stdout, /SUCCESS: 4 rules found/);
  });

  it('promtool test rules: each alert fires when and only when it should', async () => {
    const out = await run('promtool', ['test', 'rules', join(dir, 'tests.yaml')]).catch((e) => {
      throw new Error(`promtool test rules failed:\n${e.stdout}${e.stderr}`);
    });
    assert.match(out.stdout, /SUCCESS/);
  });
});
