// Patches as kubectl sends them: strategic merge (client-side apply), JSON merge patch (CRDs) and JSON patch.
import assert from 'node:assert/strict';
import { jsonPatch, mergePatch } from '../src/patch/json-patch.js';
import { strategicMerge } from '../src/patch/strategic-merge.js';

const POD = {
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    containers: [
      { name: 'app', image: 'nginx:1', ports: [{ containerPort: 80, hostPort: 8080 }] },
      { name: 'side', image: 'busybox', env: [{ name: 'A', value: '1' }] },
    ],
    hostNetwork: true,
  },
};

describe('strategic merge patch', () => {
  const cases: [string, object, object][] = [
    [
      'merges containers by name and their ports by containerPort (what kubectl apply sends)',
      {
        spec: {
          '$setElementOrder/containers': [{ name: 'app' }, { name: 'side' }],
          containers: [
            {
              '$setElementOrder/ports': [{ containerPort: 80 }],
              name: 'app',
              ports: [{ containerPort: 80, hostPort: 9090 }],
            },
          ],
        },
      },
      {
        ...POD,
        spec: {
          ...POD.spec,
          containers: [
            { name: 'app', image: 'nginx:1', ports: [{ containerPort: 80, hostPort: 9090 }] },
            POD.spec.containers[1],
          ],
        },
      },
    ],
    [
      'null deletes a key',
      { spec: { hostNetwork: null }, metadata: { labels: { tier: null } } },
      {
        metadata: { name: 'web', labels: { app: 'web' } },
        spec: { containers: POD.spec.containers },
      },
    ],
    [
      '$patch: delete removes a list element by its merge key',
      { spec: { containers: [{ name: 'side', $patch: 'delete' }] } },
      { ...POD, spec: { ...POD.spec, containers: [POD.spec.containers[0]] } },
    ],
    [
      'a new element is appended, $setElementOrder puts it first',
      {
        spec: {
          '$setElementOrder/containers': [{ name: 'new' }, { name: 'app' }, { name: 'side' }],
          containers: [{ name: 'new', image: 'x' }],
        },
      },
      {
        ...POD,
        spec: {
          ...POD.spec,
          containers: [{ name: 'new', image: 'x' }, ...POD.spec.containers],
        },
      },
    ],
    [
      '$patch: replace on a map replaces it whole',
      { metadata: { labels: { $patch: 'replace', only: 'this' } } },
      { ...POD, metadata: { name: 'web', labels: { only: 'this' } } },
    ],
    [
      '$retainKeys keeps only the keys it names',
      { spec: { $retainKeys: ['containers'], containers: POD.spec.containers } },
      { ...POD, spec: { containers: POD.spec.containers } },
    ],
    [
      'a list without a merge key is replaced',
      { spec: { tolerations: [{ key: 'b' }] } },
      { ...POD, spec: { ...POD.spec, tolerations: [{ key: 'b' }] } },
    ],
  ];
  for (const [what, patch, expected] of cases)
    it(what, () => {
      const before = JSON.stringify(POD);
      assert.deepEqual(strategicMerge(POD, JSON.parse(JSON.stringify(patch))), expected);
      assert.equal(JSON.stringify(POD), before, 'the original is not changed');
    });

  it('merges Service ports by port', () => {
    const svc = { spec: { ports: [{ port: 80, nodePort: 30080 }, { port: 443 }] } };
    assert.deepEqual(strategicMerge(svc, { spec: { ports: [{ port: 443, nodePort: 30443 }] } }), {
      spec: {
        ports: [
          { port: 80, nodePort: 30080 },
          { port: 443, nodePort: 30443 },
        ],
      },
    });
  });
});

describe('JSON merge patch and JSON patch', () => {
  it('merge patch: maps merge, lists replace, null deletes', () => {
    assert.deepEqual(
      mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] }),
      { a: { c: 2, d: 3 }, l: [3] },
    );
  });

  const ops: [string, unknown[], object | number][] = [
    [
      'add, replace, remove',
      [
        { op: 'add', path: '/spec/hostPID', value: true },
        { op: 'replace', path: '/spec/containers/0/ports/0/hostPort', value: 1 },
        { op: 'remove', path: '/metadata/labels/tier' },
      ],
      {
        metadata: { name: 'web', labels: { app: 'web' } },
        spec: {
          ...POD.spec,
          hostPID: true,
          containers: [
            { name: 'app', image: 'nginx:1', ports: [{ containerPort: 80, hostPort: 1 }] },
            POD.spec.containers[1],
          ],
        },
      },
    ],
    ['a failed test is a 422', [{ op: 'test', path: '/spec/hostNetwork', value: false }], 422],
    ['a missing path is a 422', [{ op: 'replace', path: '/spec/nope', value: 1 }], 422],
    ['an unknown op is a 400', [{ op: 'frob', path: '/spec' }], 400],
  ];
  for (const [what, patch, expected] of ops)
    it(`JSON patch: ${what}`, () => {
      if (typeof expected === 'number')
        assert.throws(
          () => jsonPatch(POD, patch),
          (e: any) => e.code === expected,
        );
      else assert.deepEqual(jsonPatch(POD, patch), expected);
    });
});
