// review() scans a pruned set: each object's findings must equal those of a scan of the whole cluster (the pruning is exact).
import assert from 'node:assert/strict';
import {
  defaultConfig,
  postureRules,
  refOf,
  scanObjects,
  type Finding,
  type ManifestObject,
} from '@portguard/core';
import { collapseOwned } from '@portguard/kube';
import { syntheticCluster } from '@portguard/apiserver';
import { review } from '../src/webhook/review.js';
import { reviewContext } from '../src/webhook/review-context.js';
import { admissionReview, clusterObjects } from './review-fixtures.js';

const line = (f: Pick<Finding, 'rule' | 'severity' | 'message' | 'path'>) =>
  `${f.rule} ${f.severity} ${f.path}: ${f.message}`;

/** For each workload and Service: the findings of a full scan on it, and those review() acts on for its UPDATE. */
function compare(objects: ManifestObject[]) {
  const config = defaultConfig();
  const context = reviewContext(objects);
  const full = scanObjects(objects, { config }).findings.filter(
    (f) => !postureRules.some((r) => r.meta.name === f.rule),
  );
  let checked = 0;
  for (const o of objects) {
    if (o.value.kind === 'Namespace' || o.value.kind === 'Node') continue;
    const key = `${o.ref.kind} ${o.ref.namespace}/${o.ref.name}`;
    const expected = full
      .filter((f) => `${f.object.kind} ${f.object.namespace}/${f.object.name}` === key)
      .map(line)
      .sort();
    const out = review(admissionReview(o.value, 'UPDATE'), context, {
      mode: 'audit',
      failOn: 'info',
      config,
    });
    assert.deepEqual(out.findings.map(line).sort(), expected, key);
    checked++;
  }
  return checked;
}

describe('review() against a full scan', () => {
  it('the fixture cluster: every object, the same findings', () => {
    assert.ok(compare(clusterObjects()) >= 3);
  });

  it('the 10,000-pod synthetic cluster (folded): every workload and Service, the same findings', function () {
    this.timeout(120_000);
    const objects = collapseOwned(
      syntheticCluster({ namespaces: 20 }).map((value) => ({
        value,
        ref: refOf(value),
        origin: 'cluster' as const,
      })),
    );
    assert.ok(compare(objects) > 100);
  });
});
