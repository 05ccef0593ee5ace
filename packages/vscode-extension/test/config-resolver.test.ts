// ConfigResolver: the nearest .portguard.yaml, an explicit configFile, unsaved buffers, broken files.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigResolver } from '../src/service/config-resolver.js';
import { readSettings } from '../src/service/settings.js';

describe('ConfigResolver', () => {
  let ws: string;
  before(() => {
    ws = mkdtempSync(join(tmpdir(), 'portguard-config-'));
    mkdirSync(join(ws, 'apps/web'), { recursive: true });
    mkdirSync(join(ws, 'ops'), { recursive: true });
    writeFileSync(join(ws, '.portguard.yaml'), 'rules:\n  host-pid: off\n');
    writeFileSync(join(ws, 'apps/.portguard.yaml'), 'rules:\n  host-ipc: low\n');
    writeFileSync(join(ws, 'ops/team.yaml'), 'tenantLabel: team\n');
    writeFileSync(join(ws, 'ops/broken.yaml'), 'rules:\n  host-pid: off\nbogus: 1\n');
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('takes the nearest .portguard.yaml above the file', () => {
    const r = new ConfigResolver();
    assert.deepEqual(r.configFor(join(ws, 'apps/web/d.yaml')).config.rules, { 'host-ipc': 'low' });
    assert.deepEqual(r.configFor(join(ws, 'd.yaml')).config.rules, { 'host-pid': 'off' });
  });

  it('takes configFile relative to the workspace folder, with the settings on top', () => {
    const r = new ConfigResolver();
    r.setWorkspaceFolders([ws]);
    r.setSettings(
      readSettings({ configFile: 'ops/team.yaml', rules: { 'host-port': 'low' } }).settings,
    );
    const { config, file } = r.configFor(join(ws, 'apps/web/d.yaml'));
    assert.equal(file, join(ws, 'ops/team.yaml'));
    assert.deepEqual(config.tenantLabels, ['team']);
    assert.deepEqual(config.rules, { 'host-port': 'low' });
  });

  it('reads an unsaved buffer of the config file, until it is dropped', () => {
    const r = new ConfigResolver();
    const file = join(ws, '.portguard.yaml');
    r.setOverride(file, 'rules:\n  external-ips: info\n');
    assert.deepEqual(r.configFor(join(ws, 'x.yaml')).config.rules, { 'external-ips': 'info' });
    r.setOverride(file, undefined);
    assert.deepEqual(r.configFor(join(ws, 'x.yaml')).config.rules, { 'host-pid': 'off' });
  });

  it('a broken config file: the defaults, and its error with file and line', () => {
    const r = new ConfigResolver();
    r.setWorkspaceFolders([ws]);
    r.setSettings(readSettings({ configFile: 'ops/broken.yaml' }).settings);
    const { config, error } = r.configFor(join(ws, 'd.yaml'));
    assert.deepEqual(config.rules, {});
    assert.equal(error?.file, join(ws, 'ops/broken.yaml'));
    assert.equal(error?.line, 3);
    assert.deepEqual([...r.errors().keys()], [join(ws, 'ops/broken.yaml')]);
  });

  it('a missing explicit config file is an error too', () => {
    const r = new ConfigResolver();
    r.setSettings(readSettings({ configFile: join(ws, 'nope.yaml') }).settings);
    assert.match(
      r.configFor(join(ws, 'd.yaml')).error?.message ?? '',
      /nope\.yaml:1: cannot read config file/,
    );
  });
});
