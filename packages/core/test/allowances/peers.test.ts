// Peers' fixtures that need a port range, scanned with the matching allowance: each decided as the peer decides it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, parseManifests, scanObjects, type PortguardConfig } from '../../src/index.js';

const PEERS = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'peers');

/** The exposure rules a peer's host-port policy stands for; conflicts are another matter. */
const EXPOSURE = ['host-port', 'host-network'];

/** True when portguard reports the object (a finding that is not suppressed): the peer's "fail". */
function refused(file: string, config: PortguardConfig): Map<string, boolean> {
  const { objects } = parseManifests(readFileSync(file, 'utf8'), file);
  const out = new Map<string, boolean>();
  for (const o of objects) {
    const { findings } = scanObjects([o], { config });
    out.set(
      o.ref.name,
      findings.some((f) => EXPOSURE.includes(f.rule)),
    );
  }
  return out;
}

const KYVERNO_FILES: Array<[string, number]> = [
  ['kyverno-disallow-host-ports-range.yaml', 63],
  ['kyverno-disallow-host-ports-range-chainsaw.yaml', 11],
];

describe("peers' range fixtures: Kyverno disallow-host-ports-range (5000-6000)", () => {
  const config = loadConfig(
    'allow:\n  - namespace: "*"\n    hostPorts: ["5000-6000"]\n    reason: Kyverno disallow-host-ports-range\n',
    '.portguard.yaml',
  );
  for (const [file, count] of KYVERNO_FILES) {
    describe(file, () => {
      const verdicts = refused(join(PEERS, file), config);
      it(`holds all ${count} objects of the peer`, () => assert.equal(verdicts.size, count));
      for (const [name, isRefused] of verdicts) {
        const peer = name.startsWith('bad') ? 'fail' : 'pass';
        it(`${name}: ${peer}`, () => assert.equal(isRefused, peer === 'fail'));
      }
    });
  }
});

/** The library's constraints, each as the portguard config that means the same. */
const GATEKEEPER_CONFIGS: Record<string, string> = {
  // hostNetwork: true, min 80, max 9000, exemptImages safeimages.com/*
  'constraint-host-network-allowed.yaml': [
    'rules: {host-network: off}',
    'allow:',
    '  - namespace: "*"',
    '    hostPorts: ["80-9000"]',
    '    reason: Gatekeeper host-network-ports min 80 max 9000',
    'exemptions:',
    '  - image: "safeimages.com/*"',
    '    rules: [host-port]',
    '    reason: Gatekeeper exemptImages',
    '',
  ].join('\n'),
  // hostNetwork: false, min 80, max 9000, exemptImages safeimages.com/*
  'constraint-host-network-forbidden.yaml': [
    'allow:',
    '  - namespace: "*"',
    '    hostPorts: ["80-9000"]',
    '    reason: Gatekeeper host-network-ports min 80 max 9000',
    'exemptions:',
    '  - image: "safeimages.com/*"',
    '    rules: [host-port]',
    '    reason: Gatekeeper exemptImages',
    '',
  ].join('\n'),
  // hostNetwork: false only
  'constraint-block-host-network.yaml': 'rules: {host-port: off}\n',
};

/** The library's examples per constraint, with its verdicts (suite.yaml, the docs page). */
const GATEKEEPER_CASES: Array<[string, string, 'violation' | 'allowed']> = [
  [
    'constraint-host-network-allowed.yaml',
    'example_disallowed_out_of_range_host_network_true.yaml',
    'violation',
  ],
  ['constraint-host-network-allowed.yaml', 'example_allowed_in_range.yaml', 'allowed'],
  ['constraint-host-network-allowed.yaml', 'disallowed_ephemeral.yaml', 'violation'],
  ['constraint-host-network-allowed.yaml', 'example_allowed_no_ports.yaml', 'allowed'],
  ['constraint-host-network-allowed.yaml', 'example_allowed_out_of_range_exempted.yaml', 'allowed'],
  [
    'constraint-block-host-network.yaml',
    'example_allowed_no_ports_host_network_true.yaml',
    'violation',
  ],
  [
    'constraint-block-host-network.yaml',
    'example_allowed_no_ports_host_network_false.yaml',
    'allowed',
  ],
  [
    'constraint-host-network-forbidden.yaml',
    'example_disallowed_out_of_range_host_network_true.yaml',
    'violation',
  ],
  [
    'constraint-host-network-forbidden.yaml',
    'example_disallowed_exempted_container_host_network_enabled.yaml',
    'violation',
  ],
  ['constraint-host-network-forbidden.yaml', 'example_allowed_in_range.yaml', 'allowed'],
  ['constraint-host-network-forbidden.yaml', 'disallowed_ephemeral.yaml', 'violation'],
];

describe("peers' range fixtures: Gatekeeper host-network-ports (min/max)", () => {
  const dir = join(PEERS, 'gatekeeper-host-network-ports');
  for (const [constraint, example, peer] of GATEKEEPER_CASES) {
    it(`${constraint} × ${example}: ${peer}`, () => {
      const config = loadConfig(GATEKEEPER_CONFIGS[constraint], '.portguard.yaml');
      const verdicts = refused(join(dir, example), config);
      assert.equal(verdicts.size, 1);
      assert.equal([...verdicts.values()][0], peer === 'violation');
    });
  }
});
