// Option checking (exempt namespaces are namespace names, actions are known) and the YAML every engine prints.
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { generatePolicy, PolicyOptionsError, resolvePolicyOptions } from '../src/index.js';

describe('resolvePolicyOptions', () => {
  it('defaults to deny with kube-system exempt', () => {
    assert.deepEqual(resolvePolicyOptions({}), {
      exemptNamespaces: ['kube-system'],
      action: 'deny',
    });
  });
  const bad: Array<[Parameters<typeof resolvePolicyOptions>[0], string]> = [
    [{ action: 'block' }, 'unknown action "block" (expected deny, warn, audit)'],
    [
      { exemptNamespaces: ['Team_A'] },
      'exempt namespace "Team_A" is not a valid namespace name (lowercase letters, digits and "-", at most 63)',
    ],
    [
      { exemptNamespaces: ['a'.repeat(64)] },
      `exempt namespace "${'a'.repeat(64)}" is not a valid namespace name (lowercase letters, digits and "-", at most 63)`,
    ],
    [
      { exemptNamespaces: [''] },
      'exempt namespace "" is not a valid namespace name (lowercase letters, digits and "-", at most 63)',
    ],
  ];
  for (const [input, message] of bad) {
    it(`refuses ${JSON.stringify(input)}`, () => {
      assert.throws(
        () => resolvePolicyOptions(input),
        (e: unknown) => e instanceof PolicyOptionsError && e.message === message,
      );
    });
  }
});

describe('generated YAML', () => {
  for (const engine of ['vap', 'kyverno', 'gatekeeper'] as const) {
    for (const action of ['deny', 'warn', 'audit'] as const) {
      it(`--engine ${engine} --action ${action}: plain YAML without anchors or aliases, every document parses`, () => {
        const text = generatePolicy(
          engine,
          resolvePolicyOptions({ action, exemptNamespaces: ['a'] }),
        );
        const docs = parseAllDocuments(text);
        for (const d of docs) {
          assert.deepEqual(d.errors, []);
          assert.deepEqual(d.warnings, []);
        }
        assert.doesNotMatch(text, /(^|[\s:-])[&*][a-z]\w*(\s|$)/m);
      });
    }
  }
});
