// The language server shows a rendered overlay's findings in the base and patch files they come from.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, repoRoot } from './lsp-client.js';

const SHOP = join(repoRoot, 'packages/kubectl-portguard/test/fixtures/kustomize/shop');

const brief = (d: any) =>
  `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`;
const overlayOnes = (p: any) =>
  p.diagnostics.filter((d: any) => d.message.startsWith('in overlay ')).map(brief);

describe('language server: Kustomize overlays (real kubectl kustomize)', function () {
  this.timeout(60000);
  let dir: string;
  let client: LspClient;
  const pathOf = (name: string) => join(dir, 'shop', name);
  const uriOf = (name: string) => pathToFileURL(pathOf(name)).href;
  const open = (name: string) =>
    client.notify('textDocument/didOpen', {
      textDocument: {
        uri: uriOf(name),
        languageId: 'yaml',
        version: 1,
        text: readFileSync(pathOf(name), 'utf8'),
      },
    });
  /** The first publish for `name` (already seen or to come) that `test` accepts. */
  const published = (name: string, test: (p: any) => boolean) =>
    client.published.find((p) => p.uri === uriOf(name) && test(p)) ??
    client.waitFor('textDocument/publishDiagnostics', (p) => p.uri === uriOf(name) && test(p));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-lsp-kustomize-'));
    cpSync(SHOP, join(dir, 'shop'), { recursive: true });
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).href, {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } },
    });
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a base Service kept by three overlays: one diagnostic per overlay on its type: line', async () => {
    open('base/service.yaml');
    const p = await published('base/service.yaml', (x) => overlayOnes(x).length === 3);
    assert.deepEqual(
      overlayOnes(p),
      [
        '6:3 nodeport-service in overlay edge: Service "web" is of type NodePort and opens a port on every node',
        '6:3 nodeport-service in overlay prod: Service "prod-web" is of type NodePort and opens a port on every node',
        '6:3 nodeport-service in overlay staging: Service "web-staging" is of type NodePort and opens a port on every node',
      ].sort(),
    );
  });

  it('a patch that adds a hostPort: the overlay finding on the patch line', async () => {
    open('overlays/prod/patches/host-port.yaml');
    const p = await published(
      'overlays/prod/patches/host-port.yaml',
      (x) => overlayOnes(x).length > 0,
    );
    assert.deepEqual(overlayOnes(p), [
      '12:15 host-port in overlay prod: container "app" uses hostPort 8080',
    ]);
    assert.equal(
      p.diagnostics.find((d: any) => d.message.startsWith('in overlay')).source,
      'portguard',
    );
  });

  it('follows the patch when it changes: saved without the hostPort, the overlay finding goes', async () => {
    const name = 'overlays/prod/patches/host-port.yaml';
    const text = readFileSync(pathOf(name), 'utf8').replace(/\n\s+hostPort: 8080.*\n/, '\n');
    writeFileSync(pathOf(name), text);
    client.notify('textDocument/didChange', {
      textDocument: { uri: uriOf(name), version: 2 },
      contentChanges: [{ text }],
    });
    client.notify('textDocument/didSave', { textDocument: { uri: uriOf(name) } });
    const p = await client.waitFor(
      'textDocument/publishDiagnostics',
      (x) => x.uri === uriOf(name) && overlayOnes(x).length === 0 && x.version === 2,
    );
    assert.deepEqual(p.diagnostics, []);
  });

  it('follows the overlay when it changes on disk: an overlay patched to ClusterIP drops its diagnostic from the base', async () => {
    const k = pathOf('overlays/edge/kustomization.yaml');
    writeFileSync(
      k,
      `${readFileSync(k, 'utf8')}  - patch: |-\n      - op: replace\n        path: /spec/type\n        value: ClusterIP\n    target:\n      kind: Service\n`,
    );
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf('overlays/edge/kustomization.yaml'), type: 2 }],
    });
    const p = await client.waitFor(
      'textDocument/publishDiagnostics',
      (x) => x.uri === uriOf('base/service.yaml') && overlayOnes(x).length === 2,
    );
    assert.deepEqual(overlayOnes(p), [
      '6:3 nodeport-service in overlay prod: Service "prod-web" is of type NodePort and opens a port on every node',
      '6:3 nodeport-service in overlay staging: Service "web-staging" is of type NodePort and opens a port on every node',
    ]);
  });

  it('follows an unsaved edit of the base: NodePort taken out of the buffer, the overlay diagnostics go with it', async () => {
    const name = 'base/service.yaml';
    const text = readFileSync(pathOf(name), 'utf8').replace(/ {2}type: NodePort.*\n/, '');
    client.notify('textDocument/didChange', {
      textDocument: { uri: uriOf(name), version: 2 },
      contentChanges: [{ text }],
    });
    const p = await client.waitFor(
      'textDocument/publishDiagnostics',
      (x) => x.uri === uriOf(name) && x.version === 2,
    );
    assert.deepEqual(p.diagnostics, []);
  });
});
