// One file that makes the engine throw becomes an error naming it; the other files are still scanned.
import assert from 'node:assert/strict';
import { defineRule, rules } from '@portguard/core';
import { scanFilesIsolated } from '../src/input/scan-isolated.js';
import { TEAM_A_WEB } from './helpers/scan-texts.js';

/** A rule that fails on one object, as a buggy rule would on input nobody foresaw. */
const brittle = defineRule({
  meta: {
    name: 'brittle',
    severity: 'info',
    description: 'Throws on objects named boom.',
    rationale: 'test',
    references: [],
    fixable: false,
  },
  check(object) {
    if (object.ref.name === 'boom') throw new RangeError('Maximum call stack size exceeded');
  },
});

const BOOM = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: boom}\n';

describe('scanFilesIsolated', () => {
  it('keeps the findings of the good files and names the file that broke the engine', () => {
    const result = scanFilesIsolated(
      [
        { file: 'web.yaml', text: TEAM_A_WEB },
        { file: 'boom.yaml', text: BOOM },
      ],
      { rules: [...rules, brittle] },
    );
    assert.deepEqual(
      result.findings.map((f) => `${f.rule} ${f.file}`),
      ['host-port web.yaml'],
    );
    assert.deepEqual(result.errors, [
      { file: 'boom.yaml', message: 'cannot be scanned: nested too deeply' },
    ]);
    assert.equal(result.summary.objects, 1);
  });

  it('scans everything in one pass when nothing throws', () => {
    const result = scanFilesIsolated([{ file: 'web.yaml', text: TEAM_A_WEB }], {
      rules: [...rules, brittle],
    });
    assert.deepEqual(result.errors, []);
    assert.equal(result.findings.length, 1);
  });
});
