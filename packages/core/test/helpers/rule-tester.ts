// Runs one rule over static tables of YAML cases and compares its findings exactly.
import assert from 'node:assert/strict';
import { findRule, scanFiles, type Finding, type ScanOptions } from '../../src/index.js';

/** One expected finding: the exact text span (1-based, end exclusive), message and field path. */
export interface ExpectedFinding {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  path: string;
  /** `Kind namespace/name` of the object; checked when given (conflict rules need it). */
  object?: string;
}

export interface RuleCase {
  name: string;
  /** The manifest text; `dedent` it so line numbers read straight off the test. */
  text: string;
  /** File name findings carry; `.json` for JSON input. Defaults to `case.yaml`. */
  file?: string;
  findings: ExpectedFinding[];
  /**
   * The text after `kubectl portguard fix`, or `null` when the rule offers no safe fix. Left
   * unset until the fix engine (packages/core/src/fix) lands and its owner fills these in.
   */
  output?: string | null;
  options?: ScanOptions;
}

/** Strips the first newline and the common leading indentation of a template literal. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indents = lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}

function describeObject(f: Finding): string {
  return `${f.object.kind} ${f.object.namespace ?? ''}/${f.object.name}`;
}

/** What the test compares: the expected keys, read from the actual finding. */
export function actualOf(f: Finding, withObject: boolean): ExpectedFinding {
  assert.ok(f.range, `finding ${f.rule} at ${f.path} has no source range`);
  const out: ExpectedFinding = {
    line: f.range.start.line,
    column: f.range.start.column,
    endLine: f.range.end.line,
    endColumn: f.range.end.column,
    message: f.message,
    path: f.path,
  };
  if (withObject) out.object = describeObject(f);
  return out;
}

/** Declares one mocha `it` per case: scans the text with only `ruleName` and compares. */
export function testRule(ruleName: string, cases: readonly RuleCase[]): void {
  const rule = findRule(ruleName);
  assert.ok(rule, `rule ${ruleName} is not in the registry`);
  for (const c of cases) {
    it(c.name, () => {
      const result = scanFiles([{ file: c.file ?? 'case.yaml', text: c.text }], {
        ...c.options,
        rules: [rule],
      });
      assert.deepEqual(result.errors, [], 'the case must parse cleanly');
      const withObject = c.findings.some((f) => f.object !== undefined);
      assert.deepEqual(
        result.findings.map((f) => actualOf(f, withObject)),
        c.findings,
      );
      for (const f of result.findings) assert.equal(f.rule, ruleName);
    });
  }
}
