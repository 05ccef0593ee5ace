// Diagnostics after any sequence of edits equal those of a fresh service given the final text.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../src/service/language-service.js';

const URI = 'file:///work/a.yaml';
const OTHER = 'file:///work/b.yaml';

const DOCS = [
  'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: team-a}\nspec:\n  containers:\n  - name: c\n    image: x\n    ports:\n    - containerPort: 80\n      hostPort: 8080\n',
  'apiVersion: v1\nkind: Pod\nmetadata: {name: api, namespace: team-b}\nspec:\n  hostNetwork: true\n  containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]\n',
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: edge\n  namespace: team-b\nspec:\n  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 30080\n',
  'apiVersion: v1\nkind: Service\nmetadata: {name: lb, namespace: team-a}\nspec:\n  type: LoadBalancer\n  ports: [{port: 80, nodePort: 30080}]\n',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n  labels: {capsule.clastix.io/tenant: shop}\n',
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-b\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n  annotations: {portguard.dev/ignore: host-network}\n',
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: team-a}\nspec: {podSelector: {}}\n',
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: plain, namespace: team-a}\ndata:\n  replicas: "2"\n',
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: quiet, namespace: team-a}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers: [{name: c, image: x}]\n',
];

const INSERTS = [
  '',
  'x',
  ' ',
  '\n',
  '8080',
  ': ',
  '---\n',
  '# c',
  '  hostPort: 9000\n',
  'true',
  '{',
  '%',
  '%YAML 1.2\n',
  '\r\n',
  '\r',
];

type Edit =
  | { kind: 'replace'; at: number; doc: number }
  | { kind: 'insert'; at: number; doc: number }
  | { kind: 'delete'; at: number }
  | { kind: 'chars'; at: number; remove: number; text: string }
  | { kind: 'other'; doc: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), doc: fc.nat(DOCS.length - 1) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), doc: fc.nat(DOCS.length - 1) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('chars' as const),
    at: fc.nat(),
    remove: fc.nat(3),
    text: fc.constantFrom(...INSERTS),
  }),
  fc.record({ kind: fc.constant('other' as const), doc: fc.nat(DOCS.length - 1) }),
);

function apply(docs: string[], text: string, e: Edit): string {
  if (e.kind === 'chars') {
    const at = e.at % (text.length + 1);
    return text.slice(0, at) + e.text + text.slice(at + e.remove);
  }
  const parts = text.split(/^(?=---$)/m);
  const at = e.kind === 'other' ? 0 : e.at % (parts.length + 1);
  const piece = (i: number) => `---\n${docs[i]}`;
  if (e.kind === 'replace') parts[Math.min(at, parts.length - 1)] = piece(e.doc);
  else if (e.kind === 'insert') parts.splice(at, 0, piece(e.doc));
  else if (e.kind === 'delete') parts.splice(at, 1);
  return parts.join('');
}

/** The diagnostics of a service that sees the texts for the first time. */
function fresh(text: string, other: string): unknown {
  const service = new LanguageService();
  service.setFile(OTHER, other);
  return service.validate(TextDocument.create(URI, 'yaml', 1, text));
}

describe('incremental diagnostics', () => {
  it('equal a fresh scan of the whole text after every edit, with another workspace file', function () {
    this.timeout(300_000);
    fc.assert(
      fc.property(
        fc.array(fc.nat(DOCS.length - 1), { minLength: 1, maxLength: 5 }),
        fc.array(fc.nat(DOCS.length - 1), { maxLength: 3 }),
        fc.array(edit, { minLength: 1, maxLength: 12 }),
        (start, otherStart, edits) => {
          const service = new LanguageService();
          let other = otherStart.map((i) => DOCS[i]).join('---\n');
          service.setFile(OTHER, other);
          let text = start.map((i) => DOCS[i]).join('---\n');
          let version = 1;
          service.validate(TextDocument.create(URI, 'yaml', version, text));
          for (const e of edits) {
            if (e.kind === 'other') {
              other = apply(DOCS, other, { kind: 'insert', at: 0, doc: e.doc });
              service.setFile(OTHER, other);
            } else text = apply(DOCS, text, e);
            const got = service.validate(TextDocument.create(URI, 'yaml', ++version, text));
            assert.deepStrictEqual(got, fresh(text, other), JSON.stringify({ text, other }));
          }
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });

  it('re-checks only the document an edit touched', () => {
    const service = new LanguageService();
    const text = [DOCS[0], DOCS[2], DOCS[7]].join('---\n');
    service.validate(TextDocument.create(URI, 'yaml', 1, text));
    const before = service.parser.get(URI)!.segments;
    const edited = text.replace('replicas: "2"', 'replicas: "3"');
    service.validate(TextDocument.create(URI, 'yaml', 2, edited));
    const after = service.parser.get(URI)!.segments;
    assert.deepEqual(
      after.map((s, i) => s === before[i]),
      [true, true, false],
    );
  });
});

describe('incremental diagnostics: found by the property test', () => {
  it('two Namespaces of one name in two files: the later one decides, as in one scan', () => {
    // b.yaml's team-b ignores host-network; a.yaml's (read later) does not: the finding stands.
    const text = [DOCS[1], DOCS[2], DOCS[5].replace('  annotations', '  a nnotations')].join(
      '---\n',
    );
    const codes = (d: unknown) => (d as Array<{ code: string }>).map((x) => x.code);
    assert.ok(codes(fresh(text, DOCS[5])).includes('host-network'));
    const service = new LanguageService();
    service.setFile(OTHER, DOCS[5]);
    service.validate(
      TextDocument.create(URI, 'yaml', 1, [DOCS[1], DOCS[2], DOCS[5]].join('---\n')),
    );
    const got = service.validate(TextDocument.create(URI, 'yaml', 2, text));
    assert.deepStrictEqual(got, fresh(text, DOCS[5]));
  });
});
