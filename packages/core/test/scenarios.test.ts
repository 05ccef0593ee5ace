// Walks test/fixtures/scenarios: every `# expect: rule` marker must match a finding on its line, and no finding may go unmarked.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanFiles } from '../src/index.js';
import { CONTRACT_RULES } from './helpers/contract-rules.js';

const DIR = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scenarios');

/**
 * Markers: `# expect: host-port, host-port-conflict` (findings on that line),
 * `# expect-suppressed: host-port` (a suppressed finding), `# expect: error` (an input error).
 */
const MARKER = /#\s*(expect|expect-suppressed):\s*([\w-]+(?:\s*,\s*[\w-]+)*)/g;

function expectedOf(text: string): { findings: string[]; suppressed: string[]; errors: number[] } {
  const out = { findings: [] as string[], suppressed: [] as string[], errors: [] as number[] };
  text.split(/\r?\n/).forEach((line, i) => {
    for (const m of line.matchAll(MARKER)) {
      for (const rule of m[2].split(',').map((s) => s.trim())) {
        if (rule === 'error') out.errors.push(i + 1);
        else (m[1] === 'expect' ? out.findings : out.suppressed).push(`${i + 1}: ${rule}`);
      }
    }
  });
  out.findings.sort();
  out.suppressed.sort();
  return out;
}

const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

describe('scenario fixtures', () => {
  it('has the scenarios', () => {
    assert.ok(files.length >= 8, `only ${files.length} scenarios in ${DIR}`);
  });
  for (const name of files) {
    it(name, () => {
      const text = readFileSync(join(DIR, name), 'utf8');
      const expected = expectedOf(text);
      const result = scanFiles([{ file: name, text }]);
      // Posture rules of other issues have their own tests; these fixtures pin the contract's rules.
      const lines = (fs: typeof result.findings) =>
        fs
          .filter((f) => CONTRACT_RULES.includes(f.rule))
          .map((f) => `${f.range?.start.line}: ${f.rule}`)
          .sort();
      assert.deepEqual(
        {
          findings: lines(result.findings),
          suppressed: lines(result.suppressed),
          errors: result.errors.map((e) => e.line),
        },
        expected,
      );
      assert.deepEqual(result.skipped, [], 'a scenario must not be skipped as a template');
    });
  }
});
