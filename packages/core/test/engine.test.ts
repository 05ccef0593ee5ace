import assert from 'node:assert/strict';
import { scanFiles } from '../src/index.js';

describe('scanFiles', () => {
  it('keeps the findings of valid documents next to a broken one', () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: a, namespace: t}',
      'spec:',
      '  hostNetwork: true',
      '  containers: [{name: c, image: x}]',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: b',
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: c, namespace: t}',
      'spec:',
      '  hostPID: true',
      '  containers: [{name: c, image: x}]',
      '',
    ].join('\n');
    const result = scanFiles([{ file: 'mixed.yaml', text }]);
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.object.name, f.range?.start.line]),
      [
        ['host-network', 'a', 5],
        ['host-pid', 'c', 16],
      ],
    );
    assert.equal(result.errors.length, 1);
    assert.equal(result.errors[0].file, 'mixed.yaml');
    assert.equal(result.errors[0].line, 11);
  });
});
