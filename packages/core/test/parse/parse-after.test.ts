// parseAfter: a text parsed after its already parsed start is what parseManifests makes of it whole.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAfter, parseManifests, type ParsedFile } from '../../src/index.js';
import { documentStarts } from '../../src/parse/split-documents.js';

const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

/** What the fix engine reads of a parse: documents, objects with their values and places, errors. */
function shape(p: ParsedFile): unknown {
  return {
    documents: p.documents.map((d) => [d.range, d.errors.length]),
    objects: p.objects.map((o) => [o.ref, o.value, o.source?.documentIndex, o.source?.node?.range]),
    errors: p.errors.map((e) => [e.line, e.message]),
    skipped: p.skipped,
  };
}

describe('parseAfter', () => {
  it('equals parseManifests of the whole text, split at every document of every fixture', () => {
    let splits = 0;
    for (const file of yamlFiles(fixtures)) {
      const text = readFileSync(file, 'utf8');
      for (const at of documentStarts(text).filter((s) => s > 0)) {
        const prefix = parseManifests(text.slice(0, at), 'f.yaml');
        assert.deepEqual(
          shape(parseAfter(prefix, text, 'f.yaml')),
          shape(parseManifests(text, 'f.yaml')),
          `${file} at ${at}`,
        );
        splits++;
      }
    }
    assert.ok(splits > 100, `${splits} splits`);
  });

  const cases: [string, string, string][] = [
    ['a broken document after the prefix', 'a: 1\n', '---\nb: "open\n---\nc: 3\n'],
    ['a template after the prefix', 'a: 1\n', '---\nb: {{ .Values.b }}\n'],
    ['a prefix that does not end at a marker', 'a: 1\n', 'b: 2\n'],
    ['a directive after the prefix', 'a: 1\n', '...\n%YAML 1.2\n---\nb: 2\n'],
  ];
  for (const [name, head, tail] of cases) {
    it(`parses the whole text on ${name}`, () => {
      const text = head + tail;
      const prefix = parseManifests(head, 'f.yaml');
      assert.deepEqual(
        shape(parseAfter(prefix, text, 'f.yaml')),
        shape(parseManifests(text, 'f.yaml')),
      );
    });
  }
});
