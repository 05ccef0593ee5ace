// The peers' port-range fixtures both allowance suites decide, with the allowance each stands for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifests, type KubeObject } from '@portguard/core';
import { repoRoot } from './fixtures.js';

const peers = join(repoRoot, 'packages', 'core', 'test', 'fixtures', 'peers');

export interface PeerCase {
  title: string;
  object: KubeObject;
  /** What the peer decides. */
  allowed: boolean;
}

const load = (file: string) =>
  parseManifests(readFileSync(join(peers, file), 'utf8'), file).objects;

/** The allowance that says what Kyverno's disallow-host-ports-range (5000–6000) says. */
export const KYVERNO_RANGE_CONFIG =
  'allow:\n  - namespace: "*"\n    hostPorts: ["5000-6000"]\n    reason: range\n';

/** Every object of Kyverno's disallow-host-ports-range tests: its `bad…` ones fail. */
export function kyvernoRangeCases(): PeerCase[] {
  return [
    'kyverno-disallow-host-ports-range.yaml',
    'kyverno-disallow-host-ports-range-chainsaw.yaml',
  ].flatMap((file) =>
    load(file).map((o) => ({
      title: `${o.ref.kind} ${o.ref.name}: ${o.ref.name.startsWith('bad') ? 'fail' : 'pass'}`,
      object: o.value,
      allowed: !o.ref.name.startsWith('bad'),
    })),
  );
}

/** The allowance that says what Gatekeeper's host-network-ports (hostNetwork false, 80–9000) says. */
export const GATEKEEPER_RANGE_CONFIG =
  'allow:\n  - namespace: "*"\n    hostPorts: ["80-9000"]\n    reason: range\n';

/** Gatekeeper's host-network-ports examples with hostNetwork: false, min 80, max 9000. */
export function gatekeeperRangeCases(): PeerCase[] {
  const cases: Array<[string, boolean]> = [
    ['example_disallowed_out_of_range_host_network_true.yaml', false],
    ['example_allowed_in_range.yaml', true],
    ['disallowed_ephemeral.yaml', false],
    ['example_disallowed_exempted_container_host_network_enabled.yaml', false],
  ];
  return cases.map(([file, allowed]) => ({
    title: `${file}: ${allowed ? 'allowed' : 'violation'}`,
    object: load(join('gatekeeper-host-network-ports', file))[0].value,
    allowed,
  }));
}
