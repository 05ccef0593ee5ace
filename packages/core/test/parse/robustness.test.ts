// Hostile and broken inputs: each gives one-line errors with file and line, never throws, and the
// valid documents around it still yield their findings.
import assert from 'node:assert/strict';
import { scanFiles } from '../../src/index.js';

/** A valid Pod with hostNetwork: true on its 5th line, to sit beside the hostile input. */
const VALID = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: ok, namespace: t}',
  'spec:',
  '  hostNetwork: true',
  '  containers: [{name: c}]',
].join('\n');

/** `before` + `---` + hostile + `---` + `after`: the hostile part starts on line 8. */
function sandwich(hostile: string): string {
  return `${VALID}\n---\n${hostile}\n---\n${VALID}\n`;
}

/** The line of the second VALID document's hostNetwork in `sandwich(hostile)`. */
function secondFindingLine(hostile: string): number {
  return 8 + hostile.split('\n').length + 1 + 4;
}

function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (const [name, prev] of [
    ['b', 'a'],
    ['c', 'b'],
    ['d', 'c'],
    ['e', 'd'],
    ['f', 'e'],
    ['g', 'f'],
  ]) {
    lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return lines.join('\n');
}

interface Case {
  name: string;
  hostile: string;
  errors: Array<{ line: number; message: string }>;
}

const CASES: Case[] = [
  {
    name: 'a tab used for indentation',
    hostile: 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: tabbed',
    errors: [{ line: 11, message: 'tab used for indentation (YAML allows only spaces)' }],
  },
  {
    name: 'an unclosed flow map',
    hostile: 'apiVersion: v1\nkind: Pod\nmetadata: {name: open\nspec: {}',
    errors: [
      {
        line: 11,
        message:
          'invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      },
    ],
  },
  {
    name: 'a duplicate key',
    hostile: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b',
    errors: [{ line: 12, message: 'duplicate key "name"' }],
  },
  {
    name: 'an alias bomb (billion laughs)',
    hostile: aliasBomb(),
    errors: [
      {
        line: 8,
        message: 'aliases expand to too many nodes (over 1000); refusing a possible alias bomb',
      },
    ],
  },
  {
    name: 'an unresolved alias',
    hostile: 'apiVersion: v1\nkind: Pod\nmetadata: *nowhere',
    errors: [
      {
        line: 8,
        message: 'Unresolved alias (the anchor must be set before the alias): nowhere',
      },
    ],
  },
  {
    name: 'flow collections nested 20,000 deep',
    hostile: `a: ${'['.repeat(20000)}${']'.repeat(20000)}`,
    errors: [{ line: 8, message: 'nested deeper than 300 levels' }],
  },
  {
    name: 'block mappings nested 2,000 deep',
    hostile: Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1',
    errors: [{ line: 309, message: 'nested deeper than 300 levels' }],
  },
  {
    name: 'sequences nested on one line',
    hostile: `${'- '.repeat(1000)}x`,
    errors: [{ line: 8, message: 'nested deeper than 300 levels' }],
  },
  {
    name: 'control characters and high bytes without a NUL',
    hostile: '\u0001\u0002\u00ff\u00fe garbage \u007f\u001b[31m',
    errors: [
      {
        line: 8,
        message:
          'document is a scalar, not a Kubernetes object (expected a mapping with apiVersion and kind)',
      },
    ],
  },
  {
    name: 'a document that is a scalar',
    hostile: 'just some words',
    errors: [
      {
        line: 8,
        message:
          'document is a scalar, not a Kubernetes object (expected a mapping with apiVersion and kind)',
      },
    ],
  },
  {
    name: 'a document that is a list',
    hostile: '- apiVersion: v1\n  kind: Pod',
    errors: [
      {
        line: 8,
        message:
          'document is a list, not a Kubernetes object (expected a mapping with apiVersion and kind)',
      },
    ],
  },
  {
    name: 'a mapping without kind',
    hostile: 'apiVersion: v1\nmetadata: {name: x}',
    errors: [{ line: 8, message: 'document has no kind; not a Kubernetes object' }],
  },
  {
    name: 'a kind that is not a string',
    hostile: 'apiVersion: v1\nkind: 5',
    errors: [{ line: 8, message: 'document has no kind; not a Kubernetes object' }],
  },
  {
    name: 'a mapping without apiVersion',
    hostile: 'kind: Pod\nmetadata: {name: x}',
    errors: [{ line: 8, message: 'document has no apiVersion; not a Kubernetes object' }],
  },
  {
    name: 'an unclosed double quote',
    hostile: 'apiVersion: v1\nkind: Pod\nmetadata: {name: "open}',
    errors: [{ line: 10, message: 'invalid YAML: Missing closing "quote' }],
  },
  {
    name: 'only comments (an empty document is no error)',
    hostile: '# nothing here\n# at all',
    errors: [],
  },
];

describe('robustness: hostile documents between valid ones', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const text = sandwich(c.hostile);
      const result = scanFiles([{ file: 'hostile.yaml', text }]);
      assert.deepEqual(
        result.errors.map((e) => ({ line: e.line, message: e.message })),
        c.errors,
      );
      for (const e of result.errors) {
        assert.equal(e.file, 'hostile.yaml');
        assert.ok(!e.message.includes('\n'), `one line: ${e.message}`);
      }
      assert.deepEqual(
        result.findings.map((f) => [f.rule, f.range?.start.line]),
        [
          ['host-network', 5],
          ['host-network', secondFindingLine(c.hostile)],
        ],
      );
    });
  }
});

describe('robustness: whole files', () => {
  it('a file with a NUL byte is binary: one error, no findings', () => {
    const result = scanFiles([{ file: 'image.png', text: `${VALID}\n\0\u0089PNG\r\n` }]);
    assert.deepEqual(result.errors, [
      {
        file: 'image.png',
        line: 7,
        message: 'binary data (a NUL byte), not a YAML or JSON manifest',
      },
    ]);
    assert.deepEqual(result.findings, []);
  });

  it('the other files of the scan are not affected by a broken one', () => {
    const result = scanFiles([
      { file: 'a.yaml', text: VALID },
      { file: 'b.json', text: '{"apiVersion": "v1", "kind": "Pod",' },
      { file: 'c.yaml', text: VALID },
    ]);
    assert.deepEqual(
      result.findings.map((f) => f.file),
      ['a.yaml', 'c.yaml'],
    );
    assert.deepEqual(
      result.errors.map((e) => [e.file, e.line]),
      [['b.json', 1]],
    );
  });

  it('JSON with a trailing comma is read (YAML flow syntax allows it)', () => {
    const text =
      '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p",},\n "spec": {"hostPID": true,},}\n';
    const result = scanFiles([{ file: 'pod.json', text }]);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.range?.start.line, f.range?.start.column]),
      [['host-pid', 2, 11]],
    );
  });

  it('CRLF line endings: the same lines and columns, the range stops before the CR', () => {
    const text = `${VALID}\n---\n${VALID}\n`.replace(/\n/g, '\r\n');
    const result = scanFiles([{ file: 'crlf.yaml', text }]);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.findings.map((f) => [f.range?.start, f.range?.end]),
      [
        [
          { line: 5, column: 3 },
          { line: 5, column: 20 },
        ],
        [
          { line: 12, column: 3 },
          { line: 12, column: 20 },
        ],
      ],
    );
    const [first] = result.findings;
    assert.equal(text.slice(...first.range!.offset), 'hostNetwork: true');
  });

  it('a byte order mark is no error and keeps lines true', () => {
    const result = scanFiles([{ file: 'bom.yaml', text: `\uFEFF${VALID}\n` }]);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.range?.start.line, f.range?.start.column]),
      [['host-network', 5, 3]],
    );
  });

  it('a 20,000-line file: every finding, in order, with its line', () => {
    const pod = (i: number) =>
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        `  name: p${i}`,
        '  namespace: big',
        'spec:',
        '  containers:',
        '    - name: app',
        '      image: nginx',
        '      ports:',
        '        - containerPort: 80',
        `          hostPort: ${10000 + i}`,
        '        - containerPort: 81',
        '      resources:',
        '        limits: {cpu: 100m}',
        '      env:',
        '        - name: A',
        '          value: b',
        '  restartPolicy: Always',
        '---',
      ].join('\n');
    const text = Array.from({ length: 1000 }, (_, i) => pod(i)).join('\n') + '\n';
    assert.equal(text.split('\n').length - 1, 20000);
    const result = scanFiles([{ file: 'big.yaml', text }]);
    assert.deepEqual(result.errors, []);
    assert.equal(result.objects.length, 1000);
    assert.equal(result.findings.length, 1000);
    result.findings.forEach((f, i) => {
      assert.equal(f.rule, 'host-port');
      assert.equal(f.range?.start.line, i * 20 + 12);
      assert.equal(f.message, `container "app" uses hostPort ${10000 + i}`);
    });
  });

  it('an unrendered Helm template is skipped with a reason, not an error', () => {
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: {{ include "chart.fullname" . }}',
      'spec:',
      '  replicas: {{ .Values.replicaCount }}',
      '  template:',
      '    spec:',
      '      {{- with .Values.nodeSelector }}',
      '      nodeSelector:',
      '        {{- toYaml . | nindent 8 }}',
      '      {{- end }}',
      '      hostNetwork: true',
      '',
    ].join('\n');
    const result = scanFiles([{ file: 'templates/deployment.yaml', text }]);
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.skipped, [
      {
        file: 'templates/deployment.yaml',
        reason: 'template (contains "{{"); render it first, e.g. helm template',
      },
    ]);
  });

  it('rendered YAML with {{ }} inside strings and comments is scanned', () => {
    const text = [
      '# {{ this comment came from a template }}',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      '  name: p',
      '  annotations:',
      '    summary: "{{ $labels.instance }} is down"',
      '    plain: a{{b}}c',
      'spec:',
      '  hostIPC: true',
      '  containers: [{name: c, args: [">", "{{x}}"]}]',
      '',
    ].join('\n');
    const result = scanFiles([{ file: 'rendered.yaml', text }]);
    assert.deepEqual(result.skipped, []);
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.range?.start.line]),
      [['host-ipc', 10]],
    );
  });

  it('a kind: List with a broken item keeps the other items', () => {
    const text = [
      'apiVersion: v1',
      'kind: List',
      'items:',
      '  - just a string',
      '  - apiVersion: v1',
      '    kind: Pod',
      '    metadata: {name: p}',
      '    spec: {hostPID: true}',
      '  - {metadata: {name: nokind}}',
      '',
    ].join('\n');
    const result = scanFiles([{ file: 'list.yaml', text }]);
    assert.deepEqual(
      result.errors.map((e) => [e.line, e.message]),
      [
        [
          4,
          'document is a scalar, not a Kubernetes object (expected a mapping with apiVersion and kind)',
        ],
        [9, 'document has no kind; not a Kubernetes object'],
      ],
    );
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.range?.start.line]),
      [['host-pid', 8]],
    );
  });
});
