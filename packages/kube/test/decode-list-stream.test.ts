// decodeListStream gives what JSON.parse of the whole answer gives, however the bytes are cut into chunks.
import { strict as assert } from 'node:assert';
import { decodeListStream } from '../src/decode-list-stream.js';

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name, annotations: { note: 'a "quoted" \\ back\\slash }]{[' } },
  spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }] },
  ...extra,
});

const CASES: Array<{ name: string; text: string }> = [
  {
    name: 'a list with metadata first',
    text: JSON.stringify({
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '12', continue: 'abc' },
      items: [pod('a'), pod('b')],
    }),
  },
  {
    name: 'items first, metadata after, pretty-printed',
    text: JSON.stringify(
      { items: [pod('a'), pod('b')], metadata: { resourceVersion: '3' } },
      null,
      2,
    ),
  },
  { name: 'no items', text: '{"kind":"PodList","metadata":{}}' },
  { name: 'empty items', text: '{"kind":"PodList","items":[],"metadata":{"resourceVersion":"1"}}' },
  { name: 'null items', text: '{"kind":"PodList","items":null}' },
  {
    name: 'items keys and brackets inside items and strings',
    text: JSON.stringify({
      kind: 'items',
      metadata: { items: [1, 2], note: '"items":[' },
      items: [pod('x', { items: [{ items: [] }] }), pod('y')],
    }),
  },
  {
    name: 'multi-byte characters and escapes',
    text: JSON.stringify({
      metadata: { é: 'ü' },
      items: [pod('ünïcødé-😀', { spec: { s: '\u0000\n\t\u2028' } }), pod('\\"')],
    }),
  },
];

/** The text cut into chunks of `size` bytes, from `offset` on (the first chunk shorter). */
async function* chunks(text: string, size: number, offset = 0) {
  const buf = Buffer.from(text, 'utf8');
  if (offset > 0) yield buf.subarray(0, offset);
  for (let i = offset; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

describe('decodeListStream', () => {
  for (const c of CASES) {
    it(`${c.name}: as JSON.parse, whatever the chunks`, async () => {
      const whole = JSON.parse(c.text);
      const expected = { ...whole, items: Array.isArray(whole.items) ? whole.items : [] };
      const len = Buffer.byteLength(c.text);
      const cuts = [
        ...[1, 2, 3, 7, 64, len].map((size) => ({ size, offset: 0 })),
        ...Array.from({ length: len }, (_, offset) => ({ size: len, offset })),
      ];
      for (const { size, offset } of cuts) {
        const seen: unknown[] = [];
        const { list, items } = await decodeListStream(chunks(c.text, size, offset), (item) => {
          seen.push(item);
          return item;
        });
        assert.deepEqual(list, expected, `chunks of ${size} from ${offset}`);
        assert.deepEqual(items, expected.items);
        assert.deepEqual(seen, expected.items);
      }
    });
  }

  it('converts each item as it is read', async () => {
    const text = JSON.stringify({ items: [pod('a'), pod('b')] });
    const { items } = await decodeListStream(chunks(text, 5), (i) => i.metadata.name);
    assert.deepEqual(items, ['a', 'b']);
  });

  for (const bad of ['<html>not json</html>', '{"items":[{"a":1}', '{"items":[{"a":}]}', ''])
    it(`throws a SyntaxError on ${JSON.stringify(bad)}`, async () => {
      await assert.rejects(
        decodeListStream(chunks(bad, 4), (i) => i),
        SyntaxError,
      );
    });
});
