// DocumentParser: one parse per version, unchanged `---` documents reused, offsets kept right.
import assert from 'node:assert/strict';
import { DocumentParser, segmentStarts } from '../src/service/parsed-document.js';

const A = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n';
const B = 'apiVersion: v1\nkind: Pod\nmetadata: {name: b}\n';

describe('segmentStarts', () => {
  const cases: [string, string, number[]][] = [
    ['one document', A, [0]],
    ['documents split at each --- line', `${A}---\n${B}`, [0, A.length]],
    ['a leading ---', `---\n${A}---\n${B}`, [0, 4 + A.length]],
    ['--- followed by a comment', `${A}--- # two\n${B}`, [0, A.length]],
    ['not inside a value: ----, x---', `${A}----\nx---\n`, [0]],
    ['a directive keeps the file whole', `%YAML 1.2\n---\n${A}---\n${B}`, [0]],
    ['CRLF', `${A}---\r\n${B}`, [0, A.length]],
  ];
  for (const [name, text, expected] of cases)
    it(name, () => assert.deepEqual(segmentStarts(text), expected));
});

describe('DocumentParser', () => {
  it('returns the same parse for the same version', () => {
    const p = new DocumentParser();
    assert.equal(p.parse('u', 1, A), p.parse('u', 1, A));
  });

  it('reuses unchanged documents after an edit and moves their offsets', () => {
    const p = new DocumentParser();
    const v1 = p.parse('u', 1, `${A}---\n${B}`);
    const v2 = p.parse('u', 2, `# head\n${A}---\n${B}`);
    assert.notEqual(v2.segments[0], v1.segments[0]); // the edited one is parsed again
    assert.equal(v2.segments[1], v1.segments[1]); // the other is the same parse
    assert.equal(v2.segments[1].start, 7 + A.length);
    assert.deepEqual(
      v2.objects.map((o) => o.ref.name),
      ['a', 'b'],
    );
  });

  it('keeps two identical documents apart', () => {
    const p = new DocumentParser();
    p.parse('u', 1, `${A}---\n${A}`);
    const v2 = p.parse('u', 2, `${A}---\n${A}---\n${A}`);
    const starts = v2.segments.map((s) => s.start);
    assert.deepEqual(starts, [0, A.length, 2 * A.length + 4]);
    assert.equal(new Set(v2.segments).size, 3);
  });

  const C = 'apiVersion: v1\nkind: Pod\nmetadata: {name: c}\n';
  const threeDocs = `${A}---\n${B}---\n${C}`;
  const directiveEdits: [string, string][] = [
    [
      'a directive typed in the middle',
      threeDocs.replace(`---\n${C}`, `...\n%YAML 1.2\n---\n${C}`),
    ],
    [
      'a `%` that an edit moves to the start of a line',
      threeDocs.replace(`${B}---`, `${B}x%TAG\n---`),
    ],
  ];
  for (const [name, edited] of directiveEdits) {
    it(`keeps the file whole after ${name}, as a fresh parse does`, () => {
      const p = new DocumentParser();
      assert.equal(p.parse('u', 1, threeDocs).segments.length, 3);
      p.parse('u', 2, edited);
      // The second case's `%` starts its line only once the x before it is deleted.
      const final = name.startsWith('a `%`') ? edited.replace('x%TAG', '%TAG') : edited;
      const v3 = p.parse('u', 3, final);
      assert.equal(v3.segments.length, 1);
      assert.deepEqual(
        v3.segments.map((s) => [s.start, s.text]),
        new DocumentParser().parse('u', 1, final).segments.map((s) => [s.start, s.text]),
      );
    });
  }

  it('maps a segment name back only while it is current', () => {
    const p = new DocumentParser();
    const v1 = p.parse('u', 1, A);
    const name = v1.segments[0].name;
    assert.equal(p.segment(name), v1.segments[0]);
    p.parse('u', 2, B);
    assert.equal(p.segment(name), undefined);
    p.delete('u');
    assert.deepEqual(p.uris(), []);
  });

  it('marks templates and parses nothing of them', () => {
    const p = new DocumentParser();
    const d = p.parse('u', 1, 'metadata:\n  name: {{ .Values.name }}\n');
    assert.equal(d.template, true);
    assert.deepEqual(d.segments, []);
  });

  it('a template in one document makes the whole file one, as in the CLI', () => {
    const p = new DocumentParser();
    assert.equal(
      p.parse('u', 1, `${A}---\nmetadata:\n  name: {{ .Values.name }}\n`).template,
      true,
    );
  });

  it('a rendered manifest with "{{ $labels.x }}" in a string is not a template', () => {
    const p = new DocumentParser();
    const d = p.parse('u', 1, `${A}---\n${B}data:\n  summary: "{{ $labels.pod }} is down"\n`);
    assert.equal(d.template, false);
    assert.equal(d.objects.length, 2);
  });
});
