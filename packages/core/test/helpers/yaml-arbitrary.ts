// fast-check arbitrary for YAML texts: nested block maps and sequences written with YAML's many freedoms.
import fc from 'fast-check';

type Tree =
  | { t: 'map'; entries: Array<[string, Tree]> }
  | { t: 'seq'; items: Tree[] }
  | { t: 'scalar'; text: string }
  | { t: 'block'; header: string; lines: string[] };

const KEYS = [
  'a',
  'b',
  'name',
  'hostPort',
  'app.kubernetes.io/name',
  '"quoted key"',
  "'single'",
  'x_y',
  'k-1',
  'null',
  'Yes',
];
const SCALARS = [
  'x',
  'web app',
  '1',
  '-1',
  '+2',
  '0x1F',
  '0o7',
  '010',
  '1.5',
  '1.',
  '.5',
  '1e3',
  '.inf',
  '-.Inf',
  '.nan',
  'null',
  '~',
  'Null',
  'true',
  'False',
  'TRUE',
  'yes',
  '"d q"',
  '""',
  "'s''q'",
  "''",
  '{a: 1, b: [x, "y"]}',
  '[]',
  '{}',
  '[1, [2, 3]]',
  '{k: {j: v}}',
  'a#b',
  'x # comment',
  'http://h:80/p',
  '--flag=1',
  '-',
  '50m',
  '"#not comment"',
  'a, b',
  'a]b',
];
const BLOCK_LINES = ['hostPort: 80', 'text', '  indented', '# not a comment', 'a: b', '- x', ''];

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('scalar' as const), text: fc.constantFrom(...SCALARS) }),
    fc.record({
      t: fc.constant('block' as const),
      header: fc.constantFrom('|', '|-', '>', '>-', '|+', '|2'),
      lines: fc.array(fc.constantFrom(...BLOCK_LINES), { minLength: 1, maxLength: 3 }),
    }),
    fc.record({
      t: fc.constant('map' as const),
      entries: fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), tie('node')), {
        minLength: 1,
        maxLength: 4,
        selector: (e) => e[0],
      }),
    }),
    fc.record({
      t: fc.constant('seq' as const),
      items: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
    }),
  ),
})).node;

interface Style {
  step: number;
  seqAtKeyIndent: boolean;
  comment: string;
}

function print(node: Tree, indent: number, style: Style, out: string[]): void {
  const pad = ' '.repeat(indent);
  if (node.t === 'map') {
    for (const [k, v] of node.entries) printEntry(`${pad}${k}:`, v, indent, style, out);
  } else if (node.t === 'seq') {
    for (const item of node.items) printEntry(`${pad}-`, item, indent, style, out, true);
  } else if (node.t === 'scalar') {
    out.push(pad + node.text);
  } else {
    out.push(pad + node.header);
    for (const l of node.lines) out.push(l ? pad + ' '.repeat(style.step) + l : '');
  }
}

function printEntry(
  head: string,
  v: Tree,
  indent: number,
  style: Style,
  out: string[],
  inSeq = false,
): void {
  if (v.t === 'scalar') out.push(`${head} ${v.text}${style.comment}`);
  else if (v.t === 'block') {
    out.push(`${head} ${v.header}`);
    for (const l of v.lines) out.push(l ? ' '.repeat(indent + style.step) + l : '');
  } else if (inSeq && v.t === 'map' && style.step === 2) {
    // Compact: `- key: value` with the other keys under the first.
    const inner: string[] = [];
    print(v, indent + 2, style, inner);
    inner[0] = `${head} ${inner[0].slice(indent + 2)}`;
    out.push(...inner);
  } else {
    out.push(head + style.comment);
    const deeper = v.t === 'seq' && !inSeq && style.seqAtKeyIndent ? indent : indent + style.step;
    print(v, deeper, style, out);
  }
}

/** A YAML text of one document, most of it valid, in varied indentation and styles. */
export function yamlText(): fc.Arbitrary<string> {
  return fc
    .tuple(
      tree,
      fc.record({
        step: fc.constantFrom(1, 2, 2, 4),
        seqAtKeyIndent: fc.boolean(),
        comment: fc.constantFrom('', '', ' # c', '  #x'),
      }),
      fc.constantFrom('', '---\n', '# head\n', '--- # doc\n'),
      fc.boolean(),
    )
    .map(([t, style, head, newline]) => {
      const out: string[] = [];
      print(t.t === 'map' ? t : { t: 'map', entries: [['root', t]] }, 0, style, out);
      return head + out.join('\n') + (newline ? '\n' : '');
    });
}
