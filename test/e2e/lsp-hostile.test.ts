// What a person types must never kill or stall the server: each hostile text, then the next request is served.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, repoRoot } from './lsp-client.js';

const webText = readFileSync(join(repoRoot, 'test/fixtures/lsp/web.yaml'), 'utf8');

/** A deterministic byte soup (xorshift), decoded as Latin-1 so every byte becomes a character. */
function junk(length: number, seed = 42): string {
  let x = seed;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes.toString('latin1');
}

function bigManifest(lines: number): string {
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: p${i}`,
      '  namespace: team-a',
      'spec:',
      '  containers:',
      '    - name: app',
      '      image: nginx',
      '      ports:',
      `        - containerPort: ${1000 + (i % 1000)}`,
      `          hostPort: ${1000 + (i % 1000)}`,
    );
  }
  return out.join('\n') + '\n';
}

const ALIAS_BOMB = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: {name: lol}',
  'data:',
  '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  '  b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  '  c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  '  d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  '  e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  '  f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  '  g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '  h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
  '  i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  '',
].join('\n');

const ANCHORS = `apiVersion: v1
kind: Pod
metadata:
  name: anchored
  labels: &labels {app: x}
spec:
  containers:
    - name: a
      image: nginx
      ports: &ports
        - containerPort: 80
          hostPort: 80
    - name: b
      image: nginx
      ports: *ports
`;

describe('language server under hostile input', function () {
  this.timeout(120000);
  let client: LspClient;
  const uri = 'file:///hostile/manifest.yaml';
  let version = 1;

  const replace = (text: string) => {
    version++;
    client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text }],
    });
  };
  /** The server is up and answers a request about the current version. */
  const answers = async () => {
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 0, character: 0 },
    });
    assert.ok(hover === null || typeof hover === 'object');
    assert.ok(client.alive, `server exited: ${client.stderr}`);
  };

  before(async () => {
    client = new LspClient();
    await client.initialize(null, {});
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version, text: '' },
    });
  });
  after(async () => {
    await client.shutdown();
    assert.equal(client.exited, 0, client.stderr);
  });

  it('half-typed YAML, one keystroke at a time, ends in the right diagnostics', async () => {
    let line = 0;
    let character = 0;
    for (const ch of webText) {
      version++;
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [
          { range: { start: { line, character }, end: { line, character } }, text: ch },
        ],
      });
      if (ch === '\n') {
        line++;
        character = 0;
      } else character++;
    }
    const p = await client.diagnosticsFor(uri, version);
    assert.deepEqual(
      p.diagnostics.map((d: any) => `${d.code} ${d.range.start.line}:${d.range.start.character}`),
      ['host-port 24:14', 'nodeport-service 33:2'],
    );
    await answers();
  });

  const cases: { name: string; text: () => string }[] = [
    {
      name: 'tabs for indentation',
      text: () => 'apiVersion: v1\nkind: Pod\nspec:\n\thostNetwork: true\n\tcontainers: []\n',
    },
    { name: 'an alias bomb', text: () => ALIAS_BOMB },
    { name: 'binary junk', text: () => junk(200_000) },
    {
      name: 'NUL bytes and lone surrogates',
      text: () => 'apiVersion: v1\nkind: Pod\u0000\ud800\nspec: {hostNetwork: true}\n',
    },
    {
      name: 'a flow collection nested 20,000 deep',
      text: () => `apiVersion: v1\nkind: Pod\nspec: ${'['.repeat(20000)}\n`,
    },
    {
      name: 'a duplicate key',
      text: () => 'apiVersion: v1\nkind: Pod\nkind: Pod\nspec: {hostNetwork: true}\n',
    },
    { name: '"{{" everywhere without "}}"', text: () => '{{ '.repeat(5000) },
    { name: 'a 20,000-line file', text: () => bigManifest(20000) },
  ];
  for (const c of cases) {
    it(`survives ${c.name} and serves the next request`, async () => {
      replace(c.text());
      await answers();
    });
  }

  it('anchors and aliases: both containers that share the ports are found, the alias marked', async () => {
    replace(ANCHORS);
    const p = await client.diagnosticsFor(uri, version);
    const r = (d: any) =>
      `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
    assert.deepEqual(
      p.diagnostics.map((d: any) => `${d.message} ${r(d)}`),
      ['container "a" uses hostPort 80 11:10-11:22', 'container "b" uses hostPort 80 14:6-14:19'],
    );
  });

  it('after all of it, a valid manifest gets its diagnostics', async () => {
    replace(webText);
    const p = await client.diagnosticsFor(uri, version);
    assert.deepEqual(
      p.diagnostics.map((d: any) => d.code),
      ['host-port', 'nodeport-service'],
    );
    await answers();
  });

  it('gives a client without resolve support the edits right away', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, version);
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics: [diagnostics[0]] },
    });
    assert.equal(actions.length, 4);
    for (const a of actions) assert.ok(a.edit?.changes?.[uri]?.length > 0, a.title);
  });
});
