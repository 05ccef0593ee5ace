// core's service-exposure-unrestricted rule recognises the generated policies, and only in blocking mode.
import assert from 'node:assert/strict';
import { findRule, parseManifests, scanObjects, type Rule } from '@portguard/core';
import { ACTIONS, generatePolicy, resolvePolicyOptions, type Engine } from '../src/index.js';

const rule = findRule('service-exposure-unrestricted') as Rule;
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n';

function unrestricted(text: string): boolean {
  const { objects, errors } = parseManifests(`${NAMESPACE}---\n${text}`, 'cluster.yaml');
  assert.deepEqual(errors, []);
  return scanObjects(objects, { rules: [rule] }).findings.length > 0;
}

describe('generated policies seen by core', () => {
  it('a cluster without any policy is unrestricted', () => assert.equal(unrestricted(''), true));
  for (const engine of ['vap', 'kyverno', 'gatekeeper'] as Engine[]) {
    for (const action of ACTIONS) {
      const blocks = action === 'deny';
      it(`--engine ${engine} --action ${action} ${blocks ? 'blocks' : 'does not block'} NodePort and externalIPs`, () => {
        const text = generatePolicy(engine, resolvePolicyOptions({ action }));
        assert.equal(unrestricted(text), !blocks);
      });
    }
  }
});
