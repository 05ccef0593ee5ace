// The namespace-without-pod-security remediation: the enforce label set to baseline in every layout.
// Offered per finding (quick-fix, TUI); whole-file fixText leaves it to the person.
import assert from 'node:assert/strict';
import {
  applyEdits,
  findRule,
  fixesFor,
  fixText,
  parseManifests,
  scanFiles,
  type Rule,
} from '../../src/index.js';
import { contextFor } from '../../src/fix/context.js';
import { fixNamespaceWithoutPodSecurity } from '../../src/fix/namespace-without-pod-security.js';
import { unsafeBecause } from '../../src/fix/verify.js';
import { dedent } from '../helpers/rule-tester.js';

const rule = findRule('namespace-without-pod-security') as Rule;

function fixOnce(text: string, file = 'ns.yaml'): { text: string; title: string; kind: string } {
  const parsed = parseManifests(text, file);
  const [finding] = scanFiles([{ file, text }], { rules: [rule] }).findings;
  assert.ok(finding, 'the case must have a finding');
  const ctx = contextFor(parsed, finding, {});
  assert.ok(typeof ctx !== 'string', ctx as string);
  const [s] = fixNamespaceWithoutPodSecurity(ctx).suggestions;
  assert.ok(s, 'a remediation must be offered');
  assert.equal(unsafeBecause(ctx, s), undefined, 'the fix engine verifies it as safe');
  return { text: applyEdits(text, s.edits).text, title: s.title, kind: s.kind };
}

describe('namespace-without-pod-security fix', () => {
  const cases: Array<{ name: string; text: string; output: string; file?: string }> = [
    {
      name: 'no labels: a labels map after the name',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          annotations: {owner: oil}
      `),
      output: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/enforce: baseline
          annotations: {owner: oil}
      `),
    },
    {
      name: 'labels without the enforce key: appended, comments kept',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            capsule.clastix.io/tenant: oil # the tenant
      `),
      output: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            capsule.clastix.io/tenant: oil # the tenant
            pod-security.kubernetes.io/enforce: baseline
      `),
    },
    {
      name: 'privileged in double quotes: replaced, quotes kept',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/enforce: "privileged"
      `),
      output: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata:
          name: team-a
          labels:
            pod-security.kubernetes.io/enforce: "baseline"
      `),
    },
    {
      name: 'flow labels',
      text: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a, labels: {team: a}}
      `),
      output: dedent(`
        apiVersion: v1
        kind: Namespace
        metadata: {name: team-a, labels: {team: a, pod-security.kubernetes.io/enforce: baseline}}
      `),
    },
    {
      name: 'JSON',
      file: 'ns.json',
      text: '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a"}}\n',
      output:
        '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "team-a", "labels": {"pod-security.kubernetes.io/enforce": "baseline"}}}\n',
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const fixed = fixOnce(c.text, c.file);
      assert.equal(fixed.text, c.output);
      assert.equal(fixed.kind, 'suggestion');
      assert.equal(
        fixed.title,
        'Enforce Pod Security level "baseline" in namespace "team-a" (label pod-security.kubernetes.io/enforce)',
      );
      const again = scanFiles([{ file: c.file ?? 'ns.yaml', text: fixed.text }], { rules: [rule] });
      assert.deepEqual(again.findings, []);
      assert.deepEqual(again.errors, []);
    });
  }
});

describe('namespace-without-pod-security in whole-file fixes', () => {
  const text = [
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: team-a',
    '  labels:',
    '    capsule.clastix.io/tenant: a',
    '',
  ].join('\n');

  it('is offered for the one finding', () => {
    const parsed = parseManifests(text, 'ns.yaml');
    const finding = scanFiles([{ file: 'ns.yaml', text }]).findings.find(
      (f) => f.rule === 'namespace-without-pod-security',
    );
    assert.ok(finding);
    const [fix] = fixesFor(parsed, finding);
    assert.match(
      applyEdits(text, fix.edits).text,
      /pod-security\.kubernetes\.io\/enforce: baseline/,
    );
  });

  it('is left to the person by fixText, with the reason', () => {
    const result = fixText(text, 'ns.yaml');
    assert.equal(result.text, text);
    const remaining = result.remaining.filter((f) => f.rule === 'namespace-without-pod-security');
    assert.equal(remaining.length, 1);
    assert.match(result.reasons.get(remaining[0]) ?? '', /Pod Security label/);
  });
});
