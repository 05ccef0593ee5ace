// readSettings: what editors send, valid parts kept, each problem named.
import assert from 'node:assert/strict';
import { defaultConfig } from '@portguard/core';
import { applySettings, readSettings } from '../src/service/settings.js';

describe('readSettings', () => {
  const cases: { name: string; raw: unknown; settings: object; problems: string[] }[] = [
    {
      name: 'nothing',
      raw: undefined,
      settings: { rules: {}, tenantLabels: [], configFile: '' },
      problems: [],
    },
    {
      name: 'severities, off, false, a label and a config file',
      raw: {
        rules: { 'host-pid': 'off', 'host-ipc': false, 'external-ips': 'low' },
        tenantLabel: ' tenant ',
        configFile: 'ops/pg.yaml',
      },
      settings: {
        rules: { 'host-pid': 'off', 'host-ipc': 'off', 'external-ips': 'low' },
        tenantLabels: ['tenant'],
        configFile: 'ops/pg.yaml',
      },
      problems: [],
    },
    {
      name: 'bad values are named and skipped, the good ones kept',
      raw: {
        rules: { 'no-such': 'high', 'host-port': 'critical', 'host-pid': 'info' },
        tenantLabel: 5,
        configFile: [],
      },
      settings: { rules: { 'host-pid': 'info' }, tenantLabels: [], configFile: '' },
      problems: [
        'portguard.rules.no-such: unknown rule',
        'portguard.rules.host-port: bad value "critical" (expected high, medium, low, info or off)',
        'portguard.tenantLabel: expected a string or a list of strings',
        'portguard.configFile: expected a string',
      ],
    },
    {
      name: 'not an object',
      raw: 'yes',
      settings: { rules: {}, tenantLabels: [], configFile: '' },
      problems: ['portguard settings: expected an object'],
    },
    {
      name: 'a list of labels',
      raw: { tenantLabels: ['a', '', 'b'] },
      settings: { rules: {}, tenantLabels: ['a', 'b'], configFile: '' },
      problems: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () =>
      assert.deepEqual(readSettings(c.raw), { settings: c.settings, problems: c.problems }),
    );
  }

  it('the editor wins over the config file, label included', () => {
    const file = {
      ...defaultConfig(),
      rules: { 'host-pid': 'low' as const, 'host-ipc': 'off' as const },
    };
    const merged = applySettings(
      file,
      readSettings({ rules: { 'host-pid': 'off' }, tenantLabel: 't' }).settings,
    );
    assert.deepEqual(merged.rules, { 'host-pid': 'off', 'host-ipc': 'off' });
    assert.deepEqual(merged.tenantLabels, ['t']);
  });
});
