// `allow:` in .portguard.yaml: ports and ranges with protocols, each mistake one line naming file, line and key.
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/index.js';

const F = '.portguard.yaml';

const BAD: Array<{ name: string; text: string; error: string }> = [
  {
    name: 'allow as a mapping',
    text: 'allow:\n  tenant: shop\n',
    error: `${F}:2: key "allow": expected a list`,
  },
  {
    name: 'a range whose start is above its end',
    text: 'allow:\n  - tenant: shop\n    hostPorts: ["8080", "9100-9000"]\n    reason: edge proxy\n',
    error: `${F}:3: key "allow[0].hostPorts[1]": range "9100-9000" starts above its end (9100 > 9000)`,
  },
  {
    name: 'a port above 65535',
    text: 'allow:\n  - tenant: shop\n    hostPorts:\n      - 8080\n      - 70000\n    reason: r\n',
    error: `${F}:5: key "allow[0].hostPorts[1]": port 70000 in "70000" is outside 1-65535`,
  },
  {
    name: 'port 0',
    text: 'allow:\n  - namespace: team-*\n    nodePorts: ["0-30100"]\n    reason: r\n',
    error: `${F}:3: key "allow[0].nodePorts[0]": port 0 in "0-30100" is outside 1-65535`,
  },
  {
    name: 'an unknown protocol',
    text: 'allow:\n  - tenant: shop\n    hostPorts: ["53/DNS"]\n    reason: r\n',
    error: `${F}:3: key "allow[0].hostPorts[0]": unknown protocol "DNS" in "53/DNS" (expected TCP, UDP or SCTP)`,
  },
  {
    name: 'a range that is not one',
    text: 'allow:\n  - tenant: shop\n    hostPorts: ["http"]\n    reason: r\n',
    error: `${F}:3: key "allow[0].hostPorts[0]": bad port range "http" (expected a port, a range like 9000-9100, optionally with /TCP, /UDP or /SCTP)`,
  },
  {
    name: 'a port that is a mapping',
    text: 'allow:\n  - tenant: shop\n    hostPorts:\n      - {min: 80, max: 90}\n    reason: r\n',
    error: `${F}:4: key "allow[0].hostPorts[0]": expected a port or a range like "9000-9100"`,
  },
  {
    name: 'hostPorts as a mapping',
    text: 'allow:\n  - tenant: shop\n    hostPorts: {from: 80}\n    reason: r\n',
    error: `${F}:3: key "allow[0].hostPorts": expected a list of ports and ranges like "9000-9100"`,
  },
  {
    name: 'an allowance without a reason',
    text: 'allow:\n  - tenant: shop\n    hostPorts: ["8080"]\n',
    error: `${F}:2: key "allow[0].reason": an allowance needs a reason`,
  },
  {
    name: 'an allowance for nobody',
    text: 'allow:\n  - hostPorts: ["8080"]\n    reason: r\n',
    error: `${F}:2: key "allow[0]": an allowance needs a tenant or a namespace`,
  },
  {
    name: 'an allowance for a tenant and a namespace',
    text: 'allow:\n  - tenant: shop\n    namespace: shop-*\n    hostPorts: ["8080"]\n    reason: r\n',
    error: `${F}:2: key "allow[0]": give tenant or namespace, not both`,
  },
  {
    name: 'an allowance with no ports',
    text: 'allow:\n  - tenant: shop\n    reason: r\n',
    error: `${F}:2: key "allow[0]": an allowance needs hostPorts or nodePorts`,
  },
  {
    name: 'an unknown key, such as a Gatekeeper-style min',
    text: 'allow:\n  - tenant: shop\n    min: 80\n    reason: r\n',
    error: `${F}:3: key "allow[0].min": unknown key (expected one of tenant, namespace, hostPorts, nodePorts, reason)`,
  },
  {
    name: 'two allowances for one tenant whose ranges overlap with different reasons',
    text: [
      'allow:',
      '  - tenant: shop',
      '    hostPorts: ["9000-9100"]',
      '    reason: edge proxy',
      '  - tenant: shop',
      '    hostPorts: ["8080", "9050"]',
      '    reason: metrics',
      '',
    ].join('\n'),
    error: `${F}:6: key "allow[1].hostPorts[1]": 9050 overlaps 9000-9100 of allow[0] (line 3), which gives tenant shop another reason; merge them or split the ranges`,
  },
  {
    name: 'namespace patterns that overlap (team-* and *-prod both match team-prod) with different reasons',
    text: [
      'allow:',
      '  - namespace: team-*',
      '    nodePorts: ["30000-30100"]',
      '    reason: teams',
      '  - namespace: "*-prod"',
      '    nodePorts: ["30080"]',
      '    reason: production',
      '',
    ].join('\n'),
    error: `${F}:6: key "allow[1].nodePorts[0]": 30080 overlaps 30000-30100 of allow[0] (line 3), which gives namespace team-* another reason; merge them or split the ranges`,
  },
];

describe('loadConfig: allow', () => {
  for (const c of BAD) {
    it(`refuses ${c.name}`, () => {
      assert.throws(
        () => loadConfig(c.text, F),
        (e: unknown) => {
          assert.ok(e instanceof ConfigError, String(e));
          assert.equal(e.message, c.error);
          return true;
        },
      );
    });
  }

  it('reads ports, ranges and protocols (TCP by default, any case) with the line of each allowance', () => {
    const text = [
      'allow:',
      '  - tenant: shop                      # or namespace: "team-*"',
      '    hostPorts: ["8080", "9000-9100"]',
      '    nodePorts: ["30080", 30081, "30053/udp", " 30100 - 30110 / SCTP "]',
      "    reason: the shop's edge proxy, reviewed 2026-11",
      '  - namespace: "team-*"',
      '    hostPorts: 53/UDP',
      '    reason: node-local DNS',
      '',
    ].join('\n');
    assert.deepEqual(loadConfig(text, F).allow, [
      {
        tenant: 'shop',
        hostPorts: [
          { from: 8080, to: 8080, protocol: 'TCP' },
          { from: 9000, to: 9100, protocol: 'TCP' },
        ],
        nodePorts: [
          { from: 30080, to: 30080, protocol: 'TCP' },
          { from: 30081, to: 30081, protocol: 'TCP' },
          { from: 30053, to: 30053, protocol: 'UDP' },
          { from: 30100, to: 30110, protocol: 'SCTP' },
        ],
        reason: "the shop's edge proxy, reviewed 2026-11",
        origin: `${F}:2`,
      },
      {
        namespace: 'team-*',
        hostPorts: [{ from: 53, to: 53, protocol: 'UDP' }],
        nodePorts: [],
        reason: 'node-local DNS',
        origin: `${F}:6`,
      },
    ]);
  });

  it('accepts overlaps that agree: the same reason, other protocols, other tenants, tenant beside namespace', () => {
    const text = [
      'allow:',
      '  - tenant: shop',
      '    hostPorts: ["9000-9100"]',
      '    reason: edge proxy',
      '  - tenant: shop',
      '    hostPorts: ["9050"]',
      '    reason: edge proxy',
      '  - tenant: shop',
      '    hostPorts: ["9050/UDP"]',
      '    reason: statsd',
      '  - tenant: blog',
      '    hostPorts: ["9050"]',
      '    reason: blog',
      '  - namespace: shop',
      '    hostPorts: ["9050"]',
      '    reason: a namespace is not a tenant',
      '',
    ].join('\n');
    assert.equal(loadConfig(text, F).allow.length, 5);
  });
});
