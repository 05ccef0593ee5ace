// The prefiltered scan equals the full scan: on every fixture and doc example, and on generated manifests.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { defineRule, scanFiles, scanManifests, TRIGGER_WORDS } from '../../src/index.js';
import { bothScans } from '../helpers/full-scan.js';
import { manifestFile } from '../helpers/manifest-arbitrary.js';

const CORE = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const REPO = join(CORE, '..', '..');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.(ya?ml|json)$/.test(f) ? [p] : [];
  });
}

/** Every ```yaml block of the rule and feature docs. */
function docExamples(): Array<{ file: string; text: string }> {
  const dir = join(REPO, 'docs');
  const md = readdirSync(join(dir, 'rules'))
    .map((f) => join(dir, 'rules', f))
    .concat(
      readdirSync(dir)
        .filter((f) => f.endsWith('.md'))
        .map((f) => join(dir, f)),
    );
  return md.flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/```ya?ml\n([\s\S]*?)```/g)].map((m, i) => ({
      file: `${file}#${i}`,
      text: m[1],
    })),
  );
}

describe('prefilter: the scan that skips documents equals the full scan', () => {
  it('on every fixture of core, one file at a time and all together', () => {
    const files = yamlFiles(join(CORE, 'test', 'fixtures')).map((p) => ({
      file: p.slice(CORE.length + 1),
      text: readFileSync(p, 'utf8'),
    }));
    assert.ok(files.length > 20, `only ${files.length} fixtures`);
    for (const f of files) {
      const { prefiltered, full } = bothScans([f]);
      assert.deepStrictEqual(prefiltered, full, f.file);
    }
    const { prefiltered, full } = bothScans(files);
    assert.deepStrictEqual(prefiltered, full, 'all fixtures together');
  });

  it("on every YAML example of the docs (each rule's bad and good case)", () => {
    const examples = docExamples();
    assert.ok(examples.length > 20, `only ${examples.length} examples`);
    for (const e of examples) {
      const { prefiltered, full } = bothScans([e]);
      assert.deepStrictEqual(prefiltered, full, e.file);
    }
  });

  it('skips the documents that hold no trigger word, and only those', () => {
    const plain = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\ndata:\n  a: b\n';
    const hot = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: NodePort\n';
    const inComment = plain.replace('a: b', 'a: b  # hostPort 80 is not used');
    const scanned = scanManifests([plain, hot, inComment].join('---\n'), 'x.yaml');
    assert.deepEqual(
      scanned.objects.map((o) => o.ref.name),
      ['plain', 's', 'plain'],
    );
    // A word in a comment is enough to parse the document: the pass is over raw text.
    assert.deepEqual(
      scanned.candidates.map((o) => `${o.ref.name}@${o.source?.documentIndex}`),
      ['s@1', 'plain@2'],
    );
  });

  it('counts each trigger word: a document holding only it is read in full', () => {
    for (const word of TRIGGER_WORDS) {
      const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: ${word}\n`;
      assert.equal(scanManifests(text, 'x.yaml').candidates.length, 1, word);
    }
  });

  it('on generated manifests: block, flow, JSON, quoted keys, anchors, comments, multi-line strings', function () {
    this.timeout(300_000);
    fc.assert(
      fc.property(manifestFile(), (files) => {
        const { prefiltered, full } = bothScans(files);
        assert.deepStrictEqual(prefiltered, full);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
    );
  });

  it('the generator makes every style it promises (so the property covers them)', () => {
    const texts = fc
      .sample(manifestFile(), { numRuns: 200, seed: 7 })
      .flatMap((files) => files.map((f) => f.text))
      .join('\n');
    for (const mark of ['{', '"kind":', '&a', '*a', ' # ', '|', "'"]) {
      assert.ok(texts.includes(mark), `no generated text holds ${JSON.stringify(mark)}`);
    }
    assert.ok(stringify({ a: 'x\ny' }).includes('|'), 'yaml writes multi-line strings as blocks');
  });
});

describe('prefilter: rules from outside the registry', () => {
  it('see every object, since the trigger words are those of the built-in rules', () => {
    const seen: string[] = [];
    const custom = defineRule({
      meta: {
        name: 'sees-all',
        severity: 'info',
        description: 'Records what it is shown.',
        rationale: 'test',
        references: [],
        fixable: false,
      },
      check(object) {
        seen.push(object.ref.name);
      },
    });
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain}\ndata: {a: b}\n';
    scanFiles([{ file: 'x.yaml', text }], { rules: [custom] });
    assert.deepEqual(seen, ['plain']);
  });
});
