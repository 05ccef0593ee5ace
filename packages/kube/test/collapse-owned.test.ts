// Owned pods and ReplicaSets fold into their top-most listed controller, which gets the pod count.
import assert from 'node:assert/strict';
import { refOf, type ManifestObject } from '@portguard/core';
import { collapseOwned } from '../src/collapse-owned.js';

const tpl = { template: { spec: { containers: [] } } };
function obj(
  kind: string,
  name: string,
  uid: string,
  owner?: string,
  spec: object = tpl,
): ManifestObject {
  const value = {
    apiVersion: 'v1',
    kind,
    metadata: {
      name,
      namespace: 'ns',
      uid,
      ...(owner
        ? { ownerReferences: [{ uid: owner, controller: true, kind: 'X', name: 'x' }] }
        : {}),
    },
    spec,
  };
  return { value, ref: refOf(value), origin: 'cluster' };
}
const pod = (name: string, owner?: string) =>
  obj('Pod', name, `pod-${name}`, owner, { containers: [] });

const cases: [string, ManifestObject[], string[]][] = [
  [
    'Deployment → ReplicaSet → Pods',
    [
      obj('Deployment', 'web', 'd1'),
      obj('ReplicaSet', 'web-1', 'r1', 'd1'),
      pod('a', 'r1'),
      pod('b', 'r1'),
    ],
    ['Deployment/web 2'],
  ],
  [
    'CronJob → Job → Pod',
    [
      obj('CronJob', 'nightly', 'c1', undefined, { jobTemplate: {} }),
      obj('Job', 'nightly-1', 'j1', 'c1'),
      pod('n', 'j1'),
    ],
    ['CronJob/nightly 1'],
  ],
  ['a controller without pods', [obj('StatefulSet', 'db', 's1')], ['StatefulSet/db 0']],
  [
    'an owner that was not listed keeps its children',
    [obj('ReplicaSet', 'rollout-1', 'r2', 'not-listed'), pod('c', 'r2'), pod('orphan', 'gone')],
    ['ReplicaSet/rollout-1 1', 'Pod/orphan -'],
  ],
  ['a bare pod', [pod('solo')], ['Pod/solo -']],
];

describe('collapseOwned', () => {
  for (const [what, input, expected] of cases) {
    it(what, () => {
      assert.deepEqual(
        collapseOwned(input).map((o) => `${o.ref.kind}/${o.ref.name} ${o.podCount ?? '-'}`),
        expected,
      );
    });
  }
});
