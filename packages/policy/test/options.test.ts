// Option checking: exempt namespaces must be namespace names, actions must be known.
import assert from 'node:assert/strict';
import { PolicyOptionsError, resolvePolicyOptions } from '../src/index.js';

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
