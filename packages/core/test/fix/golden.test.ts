// Golden tests: each fixture under test/fixtures/fix/<rule>/ fixed per target, compared byte for byte.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixText, parseManifests, REMEDIATION_TARGETS, scanFiles } from '../../src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'fix');
/** `UPDATE_GOLDEN=1 npx mocha test/fix/golden.test.ts` rewrites the expected files (review the diff!). */
const update = process.env.UPDATE_GOLDEN === '1';
/** `--to gateway` needs the shared Gateway; every golden HTTPRoute attaches to this one. */
const GATEWAY = { namespace: 'gateway-system', name: 'shared' };
const optionsFor = (to: (typeof REMEDIATION_TARGETS)[number]) =>
  to === 'gateway' ? { to, gateway: GATEWAY } : { to };

for (const rule of readdirSync(root).sort()) {
  describe(`fix golden: ${rule}`, () => {
    const files = readdirSync(join(root, rule)).sort();
    for (const input of files.filter((f) => /\.input\.(ya?ml|json)$/.test(f))) {
      const [, caseName, ext] = /^(.*)\.input\.(ya?ml|json)$/.exec(input)!;
      const text = readFileSync(join(root, rule, input), 'utf8');
      const reasonFile = join(root, rule, `${caseName}.reason.txt`);
      if (existsSync(reasonFile)) {
        it(`${caseName}: offers no fix and says why`, () => {
          const result = fixText(text, input);
          assert.equal(result.text, text);
          const finding = result.remaining.find((f) => f.rule === rule);
          assert.ok(finding, `a ${rule} finding remains`);
          assert.equal(result.reasons.get(finding), readFileSync(reasonFile, 'utf8').trim());
        });
        continue;
      }
      for (const target of REMEDIATION_TARGETS) {
        const expectedFile = join(root, rule, `${caseName}.${target}.expected.${ext}`);
        if (!existsSync(expectedFile) && !update) continue;
        it(`${caseName} --to ${target}`, () => {
          const result = fixText(text, input, optionsFor(target));
          if (update) writeFileSync(expectedFile, result.text);
          assert.equal(result.text, readFileSync(expectedFile, 'utf8'));
          assert.ok(
            result.fixed.some((f) => f.rule === rule),
            `a ${rule} finding was fixed`,
          );
          const rescan = scanFiles([{ file: input, text: result.text }]);
          assert.deepEqual(rescan.errors, []);
          assert.deepEqual(
            rescan.findings.filter((f) => f.rule === rule).map((f) => f.path),
            [],
            'the fixed findings are gone',
          );
          assert.equal(
            fixText(result.text, input, optionsFor(target)).text,
            result.text,
            'second fix is a no-op',
          );
          assert.equal(parseManifests(result.text, input).errors.length, 0);
        });
      }
    }
  });
}
