// The generated Kyverno ClusterPolicy: the published CRD schema, its documented structure, and its patterns run on fixtures.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ClusterPolicy } from '@kubernetes-models/kyverno/kyverno.io/v1/ClusterPolicy';
import type { KubeObject } from '@portguard/core';
import { generatePolicy, resolvePolicyOptions, type Action } from '../src/index.js';
import { loadObjects, packageRoot, yamlFiles } from './helpers/fixtures.js';
import { failedRules, patternMatches } from './helpers/kyverno-pattern.js';

function kyverno(exemptNamespaces: string[] = [], action: Action = 'deny'): KubeObject {
  const text = generatePolicy('kyverno', resolvePolicyOptions({ exemptNamespaces, action }));
  const docs = parseAllDocuments(text).map((d) => d.toJS() as KubeObject);
  assert.equal(docs.length, 1);
  return docs[0];
}

const fixtures = join(packageRoot, 'test', 'fixtures');
/** Kinds Kyverno's Pod rules reach through auto-gen; PodTemplates and Rollouts are refused as Pods. */
const KYVERNO_KINDS = [
  'Pod',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Service',
];

describe('Kyverno ClusterPolicy', () => {
  const actions: Array<[Action, Record<string, unknown>]> = [
    ['deny', { validationFailureAction: 'Enforce' }],
    ['warn', { validationFailureAction: 'Audit', emitWarning: true }],
    ['audit', { validationFailureAction: 'Audit' }],
  ];
  for (const [action, expected] of actions) {
    it(`--action ${action}: validates against the ClusterPolicy CRD schema, with ${JSON.stringify(expected)}`, () => {
      const policy = kyverno(['ingress-nginx'], action);
      new ClusterPolicy(policy as any).validate();
      assert.equal(policy.spec.validationFailureAction, expected.validationFailureAction);
      assert.equal(policy.spec.emitWarning, expected.emitWarning);
    });
  }

  it('is refused by the schema when a field is wrong (the check is live)', () => {
    const policy = kyverno();
    policy.spec.validationFailureAction = 'Block';
    assert.throws(() => new ClusterPolicy(policy as any).validate(), /validationFailureAction/);
  });

  it('has the documented structure: kyverno.io/v1, rules with match.any kinds, exclude namespaces, validate.pattern', () => {
    const policy = kyverno(['ingress-nginx']);
    assert.equal(policy.apiVersion, 'kyverno.io/v1');
    assert.equal(policy.kind, 'ClusterPolicy');
    assert.equal(policy.metadata.name, 'portguard-host-exposure');
    assert.equal(policy.metadata.namespace, undefined);
    assert.equal(policy.spec.background, true);
    assert.deepEqual(
      policy.spec.rules.map((r: KubeObject) => [r.name, r.match.any[0].resources.kinds]),
      [
        ['host-port', ['Pod']],
        ['host-network', ['Pod']],
        ['nodeport-service', ['Service']],
        ['external-ips', ['Service']],
      ],
    );
    for (const rule of policy.spec.rules) {
      assert.deepEqual(Object.keys(rule).sort(), ['exclude', 'match', 'name', 'validate']);
      assert.deepEqual(rule.exclude, {
        any: [{ resources: { namespaces: ['kube-system', 'ingress-nginx'] } }],
      });
      assert.deepEqual(Object.keys(rule.validate).sort(), ['message', 'pattern']);
      assert.match(rule.validate.message, new RegExp(`portguard rule ${rule.name}\\)$`));
    }
  });

  describe('the pattern model agrees with Kyverno docs examples', () => {
    const cases: Array<[string, unknown, unknown, boolean]> = [
      ['=(k) absent passes', { '=(hostNetwork)': false }, {}, true],
      ['=(k) present and equal', { '=(hostNetwork)': false }, { hostNetwork: false }, true],
      ['=(k) present and different', { '=(hostNetwork)': false }, { hostNetwork: true }, false],
      ['X(k) absent', { 'X(externalIPs)': 'null' }, {}, true],
      ['X(k) present', { 'X(externalIPs)': 'null' }, { externalIPs: [] }, false],
      ['!value negation', { '=(type)': '!NodePort' }, { type: 'ClusterIP' }, true],
      ['!value negation fails', { '=(type)': '!NodePort' }, { type: 'NodePort' }, false],
      ['array applies to every element', [{ '=(hostPort)': 0 }], [{}, { hostPort: 1 }], false],
    ];
    for (const [title, pattern, value, expected] of cases) {
      it(title, () => assert.equal(patternMatches(pattern, value), expected));
    }
  });

  describe('refuses the violation fixtures (kinds Kyverno reaches)', () => {
    const policy = kyverno();
    for (const file of yamlFiles(join(fixtures, 'violations'))) {
      for (const { title, object } of loadObjects(file)) {
        if (!KYVERNO_KINDS.includes(object.ref.kind)) continue;
        it(title, () => assert.notDeepEqual(failedRules(policy, object.value), []));
      }
    }
  });

  describe('admits the clean fixtures', () => {
    const policy = kyverno();
    for (const file of yamlFiles(join(fixtures, 'clean'))) {
      for (const { title, object } of loadObjects(file)) {
        it(title, () => assert.deepEqual(failedRules(policy, object.value), []));
      }
    }
  });
});
