// Posture findings on a Namespace are suppressed by the namespace's own ignore annotation, also on live clusters.
import assert from 'node:assert/strict';
import {
  defaultConfig,
  findRule,
  parseManifests,
  scanObjects,
  type ManifestObject,
  type Rule,
} from '../../src/index.js';

const rule = findRule('namespace-without-pod-security') as Rule;
const TEXT = `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
  annotations:
    portguard.dev/ignore: namespace-without-pod-security
    portguard.dev/ignore-reason: PSA set cluster-wide in AdmissionConfiguration
`;

describe('ignore annotation on a Namespace', () => {
  for (const origin of ['file', 'cluster'] as const) {
    it(`suppresses its own posture finding (${origin})`, () => {
      const objects: ManifestObject[] = parseManifests(TEXT, 'ns.yaml').objects.map((o) => ({
        ...o,
        origin,
      }));
      const { findings, suppressed } = scanObjects(objects, { rules: [rule] });
      assert.deepEqual(findings, []);
      assert.deepEqual(
        suppressed.map((f) => [f.rule, f.suppressed]),
        [
          [
            'namespace-without-pod-security',
            { kind: 'inSource', reason: 'PSA set cluster-wide in AdmissionConfiguration' },
          ],
        ],
      );
    });
  }
});

describe('config exemption by namespace', () => {
  it('covers the Namespace object itself', () => {
    const config = defaultConfig();
    config.exemptions.push({ namespace: 'team-*', reason: 'tenants onboarded next quarter' });
    const objects = parseManifests(
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ops}\n',
      'ns.yaml',
    ).objects;
    const { findings, suppressed } = scanObjects(objects, { rules: [rule], config });
    assert.deepEqual(
      findings.map((f) => f.object.name),
      ['ops'],
    );
    assert.deepEqual(
      suppressed.map((f) => [f.object.name, f.suppressed]),
      [['team-a', { kind: 'external', reason: 'tenants onboarded next quarter' }]],
    );
  });
});
