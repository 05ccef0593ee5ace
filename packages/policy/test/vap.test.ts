// The generated ValidatingAdmissionPolicy, evaluated with an independent CEL implementation against fixtures.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '@portguard/core';
import { generatePolicy, resolvePolicyOptions, vapValidations, type Action } from '../src/index.js';
import { evaluate } from '@marcbachmann/cel-js';
import { run } from '@bufbuild/cel';
import { ValidatingAdmissionPolicy } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy';
import { ValidatingAdmissionPolicyBinding } from 'kubernetes-models/admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding';
import { admit, decodeLikeApiServer, hasRestMapping } from './helpers/admission.js';
import { loadObjects, packageRoot, repoRoot, yamlFiles } from './helpers/fixtures.js';
import { coreVerdict } from './helpers/core-verdict.js';

/** The YAML the CLI prints, parsed back: the test reads what a user would apply. */
function vap(exemptNamespaces: string[] = [], action: Action = 'deny'): [KubeObject, KubeObject] {
  const text = generatePolicy('vap', resolvePolicyOptions({ exemptNamespaces, action }));
  const docs = parseAllDocuments(text).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS() as KubeObject;
  });
  assert.deepEqual(
    docs.map((d) => d.kind),
    ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  );
  return [docs[0], docs[1]];
}

const ruleOfMessage = new Map(vapValidations().map((v) => [v.message, v.rule]));

const fixtures = join(packageRoot, 'test', 'fixtures');
const [policy, binding] = vap();

describe('ValidatingAdmissionPolicy (evaluated with @marcbachmann/cel-js)', () => {
  describe('refuses every violation fixture, for the rules core reports', () => {
    for (const file of yamlFiles(join(fixtures, 'violations'))) {
      for (const { title, object } of loadObjects(file)) {
        it(title, () => {
          const result = admit(policy, binding, object.value);
          assert.deepEqual(result.errors, []);
          assert.equal(result.matched, true, 'the policy must match this kind');
          assert.equal(result.admitted, false);
          const expected = coreVerdict(object.value);
          assert.ok(expected.length > 0, 'a violation fixture must have a core finding');
          assert.deepEqual(result.failed.map((m) => ruleOfMessage.get(m)).sort(), expected);
        });
      }
    }
  });

  describe('admits every clean fixture', () => {
    for (const file of yamlFiles(join(fixtures, 'clean'))) {
      for (const { title, object } of loadObjects(file)) {
        it(title, () => {
          const result = admit(policy, binding, object.value);
          assert.deepEqual(result.errors, []);
          assert.deepEqual(result.failed, []);
          assert.equal(result.admitted, true);
        });
      }
    }
  });

  /** Two independent CEL implementations; each returns the expression's value (an error is not a bool). */
  const evaluators: Array<
    [string, (expression: string, context: Record<string, unknown>) => unknown]
  > = [
    [
      '@marcbachmann/cel-js',
      (e, context) => {
        try {
          return evaluate(e, context);
        } catch (err) {
          return err;
        }
      },
    ],
    ['@bufbuild/cel', (e, context) => run(e, context as any)],
  ];
  for (const [name, evaluateWith] of evaluators) {
    describe(`evaluated naively with ${name} (the variables in order, then each validation; no matching): the same verdicts, no errors`, () => {
      const files = [
        ...yamlFiles(join(fixtures, 'violations')),
        join(fixtures, 'clean', 'workloads.yaml'),
        join(fixtures, 'clean', 'services.yaml'),
      ];
      for (const file of files) {
        for (const { title, object } of loadObjects(file)) {
          it(title, () => {
            const input = decodeLikeApiServer(object.value);
            const variables: Record<string, unknown> = {};
            for (const v of policy.spec.variables as KubeObject[]) {
              const value = evaluateWith(v.expression, { object: input, variables });
              assert.ok(!(value instanceof Error), `${v.name}: ${String(value)}`);
              variables[v.name] = value;
            }
            const failed: string[] = [];
            for (const v of policy.spec.validations as KubeObject[]) {
              const result = evaluateWith(v.expression, { object: input, variables });
              assert.equal(typeof result, 'boolean', `${v.message}: ${String(result)}`);
              if (result === false) failed.push(ruleOfMessage.get(v.message) as string);
            }
            assert.deepEqual(failed.sort(), coreVerdict(object.value));
          });
        }
      }
    });
  }

  it('writes the pod-spec selector once, as the variable podSpecs, not inside each validation', () => {
    const selector = policy.spec.variables.find(
      (v: KubeObject) => v.name === 'podSpecs',
    ).expression;
    assert.ok(selector.length > 300, 'the selector is the long expression');
    for (const v of policy.spec.validations) assert.ok(!v.expression.includes(selector), v.message);
  });

  it('admits violations in namespaces given with --exempt-namespace, and still refuses elsewhere', () => {
    const [p, b] = vap(['team-b']);
    const objects = yamlFiles(join(fixtures, 'violations')).flatMap(loadObjects);
    const verdicts = objects.map(({ object }) => [
      object.ref.namespace ?? 'default',
      admit(p, b, object.value).admitted,
    ]);
    assert.ok(verdicts.some(([ns]) => ns === 'team-b'));
    for (const [ns, admitted] of verdicts) assert.equal(admitted, ns === 'team-b', `${ns}`);
  });

  for (const action of ['deny', 'warn', 'audit'] as Action[]) {
    it(`--action ${action}: policy and binding validate against the Kubernetes OpenAPI schema (admissionregistration.k8s.io/v1)`, () => {
      const [p, b] = vap(['ingress-nginx'], action);
      new ValidatingAdmissionPolicy(p as any).validate();
      new ValidatingAdmissionPolicyBinding(b as any).validate();
    });
  }

  it('the schema check is live: a wrong field type is refused', () => {
    const bad = structuredClone(policy);
    bad.spec.matchConstraints.resourceRules[0].operations = 'CREATE';
    assert.throws(() => new ValidatingAdmissionPolicy(bad as any).validate(), /operations/);
  });

  it('keeps kube-system exempt when other namespaces are given', () => {
    const [, b] = vap(['ingress-nginx', 'ingress-nginx', 'monitoring']);
    assert.deepEqual(b.spec.matchResources.namespaceSelector.matchExpressions, [
      {
        key: 'kubernetes.io/metadata.name',
        operator: 'NotIn',
        values: ['kube-system', 'ingress-nginx', 'monitoring'],
      },
    ]);
  });

  const actions: Array<[Action, string[]]> = [
    ['deny', ['Deny']],
    ['warn', ['Warn']],
    ['audit', ['Audit']],
  ];
  for (const [action, validationActions] of actions) {
    it(`--action ${action} binds with validationActions ${JSON.stringify(validationActions)}`, () => {
      const [p, b] = vap([], action);
      assert.deepEqual(b.spec.validationActions, validationActions);
      const [{ object }] = loadObjects(join(fixtures, 'violations', 'pods.yaml'));
      const result = admit(p, b, object.value);
      assert.equal(result.admitted, action !== 'deny');
      assert.equal(result.failed.length, 1);
    });
  }

  it('refuses a Pod created in the default namespace when none is given', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { hostNetwork: true, containers: [] },
    };
    assert.equal(admit(policy, binding, pod).admitted, false);
  });

  describe("agrees with core's verdict on the repo's other fixtures and examples", () => {
    const files = [
      ...yamlFiles(join(repoRoot, 'packages', 'core', 'test', 'fixtures')),
      ...yamlFiles(join(repoRoot, 'examples')),
    ];
    for (const file of files) {
      let objects: ReturnType<typeof loadObjects>;
      try {
        objects = loadObjects(file);
      } catch {
        continue; // a deliberately broken fixture: the parser's tests own it
      }
      for (const { title, object } of objects) {
        if (!hasRestMapping(object.ref.kind)) continue;
        const exempt = object.ref.namespace === 'kube-system';
        it(title, () => {
          const expected = coreVerdict(object.value);
          const result = admit(policy, binding, object.value);
          assert.equal(
            result.admitted,
            exempt || expected.length === 0,
            `core reports ${expected.join(', ') || 'nothing'}; failed: ${result.failed.join(' | ')}; errors: ${result.errors.join(' | ')}`,
          );
        });
      }
    }
  });
});
