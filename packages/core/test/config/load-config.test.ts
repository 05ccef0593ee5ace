// .portguard.yaml: every mistake is a ConfigError `file:line: problem` naming the key; good files give exact settings.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  DEFAULT_SYSTEM_NAMESPACES,
  DEFAULT_TENANT_LABELS,
  findConfigFile,
  loadConfig,
  resolveConfig,
} from '../../src/index.js';

const F = '.portguard.yaml';

/**
 * `at`: the range editors underline (`line:column-line:column`, 1-based, end exclusive), the key or
 * value at fault; `suggestion`: what a quick-fix puts there.
 */
const BAD: Array<{ name: string; text: string; error: string; at?: string; suggestion?: string }> =
  [
    {
      name: 'an unknown top-level key, with a suggestion',
      text: 'rules:\n  host-port: low\ntenantLable: team\n',
      error: `${F}:3: unknown key "tenantLable" (did you mean "tenantLabel"?) (expected one of rules, exemptions, allow, tenantLabel, tenantLabels, systemNamespaces, gateway)`,
      at: '3:1-3:12',
      suggestion: 'tenantLabel',
    },
    {
      name: 'an unknown top-level key without a near match',
      text: 'colour: red\n',
      error: `${F}:1: unknown key "colour" (expected one of rules, exemptions, allow, tenantLabel, tenantLabels, systemNamespaces, gateway)`,
      at: '1:1-1:7',
    },
    {
      name: 'a misspelt rule name',
      text: 'rules:\n  host-network: off\n  host-ports: high\n',
      error: `${F}:3: key "rules.host-ports": unknown rule (did you mean "host-port"?)`,
      at: '3:3-3:13',
      suggestion: 'host-port',
    },
    {
      name: 'an unknown rule name',
      text: 'rules:\n  privileged: high\n',
      error: `${F}:2: key "rules.privileged": unknown rule`,
    },
    {
      name: 'a bad severity',
      text: 'rules:\n  host-port: critical\n',
      error: `${F}:2: key "rules.host-port": bad value "critical" (expected high, medium, low, info or off)`,
      at: '2:14-2:22',
    },
    {
      name: 'a severity that is a number',
      text: 'rules:\n  host-pid:\n    severity: 3\n',
      error: `${F}:3: key "rules.host-pid": bad value 3 (expected high, medium, low, info or off)`,
    },
    {
      name: 'an unknown key inside a rule setting',
      text: 'rules:\n  host-pid:\n    severity: low\n    enabled: true\n',
      error: `${F}:4: key "rules.host-pid.enabled": unknown key (expected severity)`,
    },
    {
      name: 'rules as a list',
      text: 'rules: [host-port]\n',
      error: `${F}:1: key "rules": expected a mapping of rule name to severity or off`,
    },
    {
      name: 'exemptions as a mapping',
      text: 'exemptions:\n  namespace: kube-system\n',
      error: `${F}:2: key "exemptions": expected a list`,
    },
    {
      name: 'an unknown key in an exemption',
      text: 'exemptions:\n  - namespace: kube-system\n    reson: CNI\n',
      error: `${F}:3: key "exemptions[0].reson": unknown key (did you mean "reason"?) (expected one of namespace, kind, name, image, rules, reason)`,
      at: '3:5-3:10',
      suggestion: 'reason',
    },
    {
      name: 'an exemption without a reason',
      text: 'exemptions:\n  - namespace: kube-system\n    reason: CNI\n  - namespace: monitoring\n',
      error: `${F}:4: key "exemptions[1].reason": an exemption needs a reason`,
    },
    {
      name: 'an exemption that matches everything',
      text: 'exemptions:\n  - reason: because\n',
      error: `${F}:2: key "exemptions[0]": an exemption needs at least one of namespace, kind, name, image or rules`,
    },
    {
      name: 'an exemption naming an unknown rule',
      text: 'exemptions:\n  - namespace: a\n    rules: [host-port, nodeport]\n    reason: r\n',
      error: `${F}:3: key "exemptions[0].rules": unknown rule "nodeport"`,
      at: '3:24-3:32',
    },
    {
      name: 'an exemption naming a misspelt rule',
      text: 'exemptions:\n  - namespace: a\n    rules:\n      - host-pid\n      - hostport\n    reason: r\n',
      error: `${F}:5: key "exemptions[0].rules": unknown rule "hostport" (did you mean "host-port"?)`,
      at: '5:9-5:17',
      suggestion: 'host-port',
    },
    {
      name: 'a gateway that is not NAMESPACE/NAME',
      text: 'gateway: infra/shared/extra\n',
      error: `${F}:1: key "gateway": bad Gateway "infra/shared/extra" (expected NAMESPACE/NAME or NAME, lower-case DNS names)`,
      at: '1:10-1:28',
    },
    {
      name: 'a gateway that is a mapping',
      text: 'gateway: {name: shared}\n',
      error: `${F}:1: key "gateway": expected NAMESPACE/NAME of the shared Gateway`,
    },
    {
      name: 'an exemption whose name is not a string',
      text: 'exemptions:\n  - name: 5\n    reason: r\n',
      error: `${F}:2: key "exemptions[0].name": expected a non-empty string`,
    },
    {
      name: 'an exemption that is a string',
      text: 'exemptions:\n  - kube-system\n',
      error: `${F}:2: key "exemptions[0]": expected a mapping with namespace, kind, name, image, rules and reason`,
    },
    {
      name: 'tenantLabel that is a number',
      text: 'tenantLabel: 5\n',
      error: `${F}:1: key "tenantLabel": expected a string or a list of strings`,
    },
    {
      name: 'tenantLabels that is a string',
      text: 'tenantLabels: team\n',
      error: `${F}:1: key "tenantLabels": expected a list of strings`,
    },
    {
      name: 'an empty system namespace',
      text: 'systemNamespaces:\n  - ingress-nginx\n  - ""\n',
      error: `${F}:3: key "systemNamespaces": expected a non-empty string`,
    },
    {
      name: 'a file that is a list',
      text: '- rules\n',
      error: `${F}:1: expected a mapping of settings`,
    },
    {
      name: 'a duplicate key',
      text: 'rules: {}\nexemptions: []\nrules: {}\n',
      error: `${F}:3: duplicate key "rules"`,
    },
    {
      name: 'broken YAML',
      text: 'rules:\n  host-port: low\n\tnodeport-service: off\n',
      error: `${F}:3: tab used for indentation (YAML allows only spaces)`,
      at: '3:1-3:2',
    },
  ];

describe('loadConfig', () => {
  for (const c of BAD) {
    it(`refuses ${c.name}`, () => {
      assert.throws(
        () => loadConfig(c.text, F),
        (e: unknown) => {
          assert.ok(e instanceof ConfigError);
          assert.equal(e.message, c.error);
          assert.ok(!e.message.includes('\n'));
          if (c.at) {
            const r = e.range!;
            const at = `${r.start.line}:${r.start.column}-${r.end.line}:${r.end.column}`;
            assert.equal(at, c.at);
          }
          assert.equal(e.suggestion, c.suggestion);
          return true;
        },
      );
    });
  }

  it('reads every setting of a complete file', () => {
    const text = [
      '# portguard settings for the shared cluster',
      'rules:',
      '  host-port: medium',
      '  loadbalancer-node-ports: off',
      '  host-ipc: false',
      '  host-pid: {severity: info}',
      'exemptions:',
      '  - namespace: kube-system',
      '    rules: [host-network, host-port]',
      '    reason: CNI and kube-proxy run on the host network',
      '  - kind: DaemonSet',
      '    name: node-exporter*',
      '    rules: all',
      '    reason: monitoring agent',
      'tenantLabel: example.com/tenant',
      'systemNamespaces: [ingress-nginx, cilium]',
      'gateway: gateway-system/shared',
      '',
    ].join('\n');
    assert.deepEqual(loadConfig(text, F), {
      file: F,
      rules: {
        'host-port': 'medium',
        'loadbalancer-node-ports': 'off',
        'host-ipc': 'off',
        'host-pid': 'info',
      },
      exemptions: [
        {
          namespace: 'kube-system',
          rules: ['host-network', 'host-port'],
          reason: 'CNI and kube-proxy run on the host network',
        },
        { kind: 'DaemonSet', name: 'node-exporter*', rules: undefined, reason: 'monitoring agent' },
      ],
      allow: [],
      tenantLabels: ['example.com/tenant'],
      systemNamespaces: [...DEFAULT_SYSTEM_NAMESPACES, 'ingress-nginx', 'cilium'],
      gateway: { namespace: 'gateway-system', name: 'shared' },
    });
  });

  it("reads a gateway without a namespace as one in the route's own namespace", () => {
    assert.deepEqual(loadConfig('gateway: shared\n', F).gateway, { name: 'shared' });
  });

  it('an empty file or one with only comments gives the defaults', () => {
    for (const text of ['', '# nothing yet\n']) {
      const config = loadConfig(text, F);
      assert.deepEqual(config.rules, {});
      assert.deepEqual(config.exemptions, []);
      assert.deepEqual(config.tenantLabels, DEFAULT_TENANT_LABELS);
      assert.deepEqual(config.systemNamespaces, DEFAULT_SYSTEM_NAMESPACES);
    }
  });
});

describe('findConfigFile and resolveConfig', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'portguard-config-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('finds the nearest .portguard.yaml at or above the folder', () => {
    mkdirSync(join(root, 'a', 'b', 'c'), { recursive: true });
    writeFileSync(join(root, 'a', '.portguard.yaml'), 'rules: {host-port: low}\n');
    assert.equal(findConfigFile(join(root, 'a', 'b', 'c')), join(root, 'a', '.portguard.yaml'));
    assert.deepEqual(resolveConfig(join(root, 'a', 'b')).rules, { 'host-port': 'low' });
  });

  it('an explicit --config file that does not exist is a ConfigError naming it', () => {
    const missing = join(root, 'nope.yaml');
    assert.throws(() => resolveConfig(root, missing), {
      name: 'ConfigError',
      message: `${missing}:1: cannot read config file: ENOENT`,
    });
  });

  it('an error in a found file names that file', () => {
    writeFileSync(join(root, '.portguard.yml'), 'rules:\n  host-port: loud\n');
    assert.throws(() => resolveConfig(root), {
      message: `${join(root, '.portguard.yml')}:2: key "rules.host-port": bad value "loud" (expected high, medium, low, info or off)`,
    });
  });
});
