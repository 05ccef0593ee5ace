// The details pane names the tenant allowance a finding was judged against.
import assert from 'node:assert/strict';
import type { Finding } from '@portguard/core';
import { allowanceLine, detailLines } from '../../src/tui/details-pane/detail-lines.js';

const finding: Finding = {
  rule: 'host-port',
  severity: 'high',
  message: `container "proxy": hostPort 9200 is outside tenant shop's allowed 9000-9100`,
  object: { apiVersion: 'v1', kind: 'Pod', namespace: 'shop', name: 'edge' },
  path: 'spec.containers[0].ports[1].hostPort',
  pathSegments: ['spec', 'containers', 0, 'ports', 1, 'hostPort'],
  allowance: {
    inside: false,
    text: "tenant shop's allowed 9000-9100",
    reason: 'edge proxy',
    origin: '.portguard.yaml:2',
  },
};

const CASES: Array<[string, Finding['allowance'], string]> = [
  [
    'outside: the allowance and where it is written',
    finding.allowance,
    "outside tenant shop's allowed 9000-9100 (.portguard.yaml:2)",
  ],
  [
    'inside: with the reason',
    {
      inside: true,
      text: "tenant shop's allowed 9000-9100",
      reason: 'edge proxy',
      origin: '.portguard.yaml:2',
    },
    "inside tenant shop's allowed 9000-9100: edge proxy (.portguard.yaml:2)",
  ],
  [
    'a Tenant that forbids',
    {
      inside: false,
      forbidden: true,
      text: 'Tenant shop forbids NodePort Services',
      origin: 'Tenant shop',
    },
    'Tenant shop forbids NodePort Services',
  ],
];

describe('details pane: allowance line', () => {
  for (const [name, note, want] of CASES) it(name, () => assert.equal(allowanceLine(note!), want));

  it('is shown under "Why it is risky here", and absent when no allowance applies', () => {
    const risk = { exposure: 'opens TCP 9200', policies: 'none', collisions: [], nodes: 'any' };
    const remediation = { available: false as const, reason: 'no fix' };
    const lines = (f: Finding) =>
      detailLines({ finding: f, risk, remediation, width: 200 }).map((l) => l.text.trim());
    assert.ok(
      lines(finding).includes(
        "Allowance     outside tenant shop's allowed 9000-9100 (.portguard.yaml:2)",
      ),
      lines(finding).join('\n'),
    );
    assert.ok(!lines({ ...finding, allowance: undefined }).some((l) => l.startsWith('Allowance')));
  });

  it('shows who created the object under its location, when an audit log says so', () => {
    const risk = { exposure: 'opens TCP 9200', policies: 'none', collisions: [], nodes: 'any' };
    const remediation = { available: false as const, reason: 'no fix' };
    const text = (createdBy?: string) =>
      detailLines({ finding, risk, remediation, width: 200, createdBy }).map((l) => l.text);
    const lines = text('created by alice (as carol) at 2026-11-30T10:00:00Z');
    const at = lines.indexOf('at spec.containers[0].ports[1].hostPort');
    assert.equal(lines[at + 1], 'created by alice (as carol) at 2026-11-30T10:00:00Z');
    assert.ok(!text().some((l) => l.startsWith('created by')));
  });
});
