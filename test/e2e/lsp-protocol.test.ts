// The language server over stdio, spoken to by an independent client: diagnostics, hover, fixes, workspace.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { applyWorkspaceEdit, LspClient, repoRoot } from './lsp-client.js';

const fixtures = join(repoRoot, 'test/fixtures/lsp');
const webText = readFileSync(join(fixtures, 'web.yaml'), 'utf8');
/** The rule pages beside the server bundle (docs-location.ts): what every doc link opens. */
const bundledDocs = join(repoRoot, 'packages/vscode-extension/dist/bundle/docs');
const DOCS = pathToFileURL(join(bundledDocs, 'rules')).href + '/';

/** Client capabilities of an editor that resolves code action edits lazily, as VS Code does. */
const RESOLVING = {
  textDocument: {
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } },
      resolveSupport: { properties: ['edit'] },
      dataSupport: true,
    },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
  workspace: { configuration: true, workspaceFolders: true },
};

const brief = (d: any) =>
  `${d.code} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;

describe('language server over stdio', function () {
  this.timeout(60000);
  let client: LspClient;
  const uri = pathToFileURL(join(fixtures, 'web.yaml')).href;
  let version = 1;
  let text = webText;

  const open = (u: string, t: string, v = 1) =>
    client.notify('textDocument/didOpen', {
      textDocument: { uri: u, languageId: 'yaml', version: v, text: t },
    });
  const replaceAll = async (next: string) => {
    version++;
    client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ text: next }],
    });
    text = next;
    return client.diagnosticsFor(uri, version);
  };

  before(async () => {
    client = new LspClient();
    const init = await client.initialize(null, RESOLVING);
    assert.equal(init.capabilities.textDocumentSync.change, 2, 'incremental sync');
    assert.deepEqual(init.capabilities.codeActionProvider, {
      codeActionKinds: ['quickfix', 'source.fixAll.portguard'],
      resolveProvider: true,
    });
    assert.equal(init.capabilities.hoverProvider, true);
    open(uri, text);
  });
  after(async () => {
    await client.shutdown();
    assert.equal(client.exited, 0, client.stderr);
  });

  it('publishes the contract diagnostics on open', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnostics.map(brief), [
      'host-port 1 24:14-24:28',
      'nodeport-service 1 33:2-33:16',
    ]);
    const [d] = diagnostics;
    assert.equal(d.source, 'portguard');
    assert.equal(d.message, 'container "app" uses hostPort 8080');
    assert.deepEqual(d.codeDescription, { href: `${DOCS}host-port.md` });
    assert.equal(
      readFileSync(new URL(d.codeDescription.href), 'utf8'),
      readFileSync(join(repoRoot, 'docs/rules/host-port.md'), 'utf8'),
      'the link opens the rule page',
    );
  });

  it('follows an incremental change: the new port, on the same range, for the new version', async () => {
    version++;
    client.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [
        {
          range: { start: { line: 24, character: 24 }, end: { line: 24, character: 28 } },
          text: '9090',
        },
      ],
    });
    text = text.replace('hostPort: 8080', 'hostPort: 9090');
    const p = await client.diagnosticsFor(uri, version);
    assert.equal(p.version, version);
    assert.deepEqual(p.diagnostics.map(brief), [
      'host-port 1 24:14-24:28',
      'nodeport-service 1 33:2-33:16',
    ]);
    assert.equal(p.diagnostics[0].message, 'container "app" uses hostPort 9090');
  });

  it('explains on hover what the diagnostic does not say: why, how to fix, the doc', async () => {
    const hover = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 24, character: 17 },
    });
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /portguard `host-port`\*\* \(high\)/);
    assert.doesNotMatch(hover.contents.value, /uses hostPort 9090/);
    assert.match(hover.contents.value, /\*\*Why it matters:\*\* /);
    assert.match(hover.contents.value, /\*\*How to fix:\*\* Remove `hostPort`/);
    assert.ok(hover.contents.value.includes(`[host-port documentation](${DOCS}host-port.md)`));
    assert.deepEqual(hover.range, {
      start: { line: 24, character: 14 },
      end: { line: 24, character: 28 },
    });
    const none = await client.request('textDocument/hover', {
      textDocument: { uri },
      position: { line: 20, character: 12 },
    });
    assert.equal(none, null);
  });

  it('offers the core fixes for a hostPort, resolves one and the result has no finding, comments kept', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, version);
    const hostPort = diagnostics.find((d: any) => d.code === 'host-port');
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: hostPort.range,
      context: { diagnostics: [hostPort], only: ['quickfix'] },
    });
    assert.deepEqual(
      actions.map((a: any) => [a.data.fix, a.kind, a.isPreferred ?? false, 'edit' in a]),
      [
        ['host-port/service', 'quickfix', true, false],
        ['host-port/ingress', 'quickfix', false, false],
        ['host-port/loadbalancer', 'quickfix', false, false],
        ['ignore/host-port', 'quickfix', false, false],
      ],
    );
    for (const a of actions) assert.deepEqual(a.diagnostics, [hostPort]);
    const resolved = await client.request('codeAction/resolve', actions[0]);
    const fixed = applyWorkspaceEdit(text, resolved.edit, uri);
    assert.doesNotMatch(fixed, /^\s*hostPort:/m);
    for (const comment of [
      '# The web tier of team-a.',
      '# keep me',
      '# pinned',
      '# Public entry point',
    ])
      assert.ok(fixed.includes(comment), comment);
    assert.match(fixed, /kind: Service\nmetadata:\n {2}name: web\n/);
    const after = await replaceAll(fixed);
    assert.deepEqual(
      after.diagnostics.map((d: any) => d.code),
      ['nodeport-service'],
    );
  });

  it('every fix of a NodePort yields text without the finding', async () => {
    const { diagnostics } = await client.diagnosticsFor(uri, version);
    const nodePort = diagnostics.find((d: any) => d.code === 'nodeport-service');
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: nodePort.range,
      context: { diagnostics: [nodePort] },
    });
    assert.deepEqual(
      actions.map((a: any) => a.data.fix),
      [
        'nodeport-service/service',
        'nodeport-service/ingress',
        'nodeport-service/loadbalancer',
        'ignore/nodeport-service',
      ],
    );
    const base = text;
    for (const action of actions) {
      await replaceAll(base);
      const resolved = await client.request('codeAction/resolve', action);
      const fixed = applyWorkspaceEdit(base, resolved.edit, uri);
      assert.ok(fixed.includes('# Public entry point'), action.data.fix);
      const after = await replaceAll(fixed);
      assert.deepEqual(after.diagnostics.map(brief), [], action.data.fix);
    }
  });

  it('source.fixAll.portguard fixes the whole file as kubectl portguard fix does', async () => {
    await replaceAll(webText);
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(
      actions.map((a: any) => [a.title, a.kind]),
      [['Fix all portguard problems', 'source.fixAll.portguard']],
    );
    const resolved = await client.request('codeAction/resolve', actions[0]);
    const fixed = applyWorkspaceEdit(text, resolved.edit, uri);
    assert.ok(fixed.includes('# keep me'));
    const after = await replaceAll(fixed);
    assert.deepEqual(after.diagnostics, []);
  });

  it('leaves other YAML untouched and skips Helm templates without noise', async () => {
    const compose = pathToFileURL(join(fixtures, 'workspace/compose.yaml')).href;
    open(compose, readFileSync(join(fixtures, 'workspace/compose.yaml'), 'utf8'));
    assert.deepEqual((await client.diagnosticsFor(compose, 1)).diagnostics, []);
    const helm = 'file:///charts/web/templates/deployment.yaml';
    open(helm, webText.replace('name: web\n', 'name: {{ .Release.Name }}\n'));
    assert.deepEqual((await client.diagnosticsFor(helm, 1)).diagnostics, []);
    assert.deepEqual(
      client.logs.filter((l) => /error/i.test(l)),
      [],
    );
  });
});

describe('language server: the workspace and its .portguard.yaml', function () {
  this.timeout(60000);
  let dir: string;
  let client: LspClient;
  const uriOf = (name: string) => pathToFileURL(join(dir, name)).href;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-lsp-'));
    cpSync(join(fixtures, 'workspace'), dir, { recursive: true });
    client = new LspClient();
    await client.initialize(pathToFileURL(dir).href, RESOLVING);
  });
  after(async () => {
    await client.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports a hostPort conflict with a file that is not open, pointing at it', async () => {
    const uri = uriOf('team-a.yaml');
    client.notify('textDocument/didOpen', {
      textDocument: {
        uri,
        languageId: 'yaml',
        version: 1,
        text: readFileSync(join(dir, 'team-a.yaml'), 'utf8'),
      },
    });
    const conflictSeen = (p: any) =>
      p.uri === uri && p.diagnostics.some((d: any) => d.code === 'host-port-conflict');
    const p =
      client.published.find(conflictSeen) ??
      (await client.waitFor('textDocument/publishDiagnostics', conflictSeen));
    assert.deepEqual(p.diagnostics.map(brief), [
      'host-port 1 19:14-19:28',
      'host-port-conflict 2 19:14-19:28',
    ]);
    const conflict = p.diagnostics[1];
    assert.deepEqual(conflict.relatedInformation, [
      {
        location: {
          uri: uriOf('team-b.yaml'),
          range: { start: { line: 19, character: 14 }, end: { line: 19, character: 28 } },
        },
        message:
          'DaemonSet team-b/exporter: also asks for hostPort 9100/TCP (spec.template.spec.containers[0].ports[0].hostPort)',
      },
    ]);
  });

  it('re-reads .portguard.yaml when it changes in the editor, and shows its mistakes on their line', async () => {
    const uri = uriOf('team-a.yaml');
    const config = uriOf('.portguard.yaml');
    client.notify('textDocument/didOpen', {
      textDocument: {
        uri: config,
        languageId: 'yaml',
        version: 1,
        text: 'rules:\n  host-port: "off"\n',
      },
    });
    const off = await client.waitFor(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && !p.diagnostics.some((d: any) => d.code === 'host-port'),
    );
    assert.deepEqual(off.diagnostics.map(brief), ['host-port-conflict 2 19:14-19:28']);
    client.notify('textDocument/didChange', {
      textDocument: { uri: config, version: 2 },
      contentChanges: [{ text: 'rules:\n  host-port: "off"\n  no-such-rule: high\n' }],
    });
    const broken = await client.waitFor(
      'textDocument/publishDiagnostics',
      (p) => p.uri === config && p.diagnostics.length > 0,
    );
    assert.deepEqual(
      broken.diagnostics.map((d: any) => [brief(d), d.message, d.codeDescription?.href]),
      [
        [
          'config 1 2:2-2:14',
          'key "rules.no-such-rule": unknown rule; portguard keeps using the last valid settings of this file until it is fixed',
          pathToFileURL(join(bundledDocs, 'configuration.md')).href,
        ],
      ],
    );
    // The last valid settings stay: host-port is still off on the manifest, which says why.
    const hasNotice = (p: any) =>
      p.uri === uri && p.diagnostics.some((d: any) => d.code === 'config');
    const noted =
      client.published.find(hasNotice) ??
      (await client.waitFor('textDocument/publishDiagnostics', hasNotice));
    assert.deepEqual(noted.diagnostics.map(brief), [
      'host-port-conflict 2 19:14-19:28',
      'config 2 0:0-0:19',
    ]);
    assert.equal(
      noted.diagnostics[1].message,
      '.portguard.yaml has an error (line 3), so portguard keeps using the last valid settings of .portguard.yaml until it is fixed',
    );
    assert.deepEqual(noted.diagnostics[1].relatedInformation[0].location, {
      uri: config,
      range: broken.diagnostics[0].range,
    });
    assert.ok(
      client.logs.some((l) => l.includes('.portguard.yaml:3: key "rules.no-such-rule"')),
      'logged',
    );
    // A misspelt name: the diagnostic offers the name it is closest to as a quick-fix.
    client.notify('textDocument/didChange', {
      textDocument: { uri: config, version: 3 },
      contentChanges: [{ text: 'rules:\n  host-port: "off"\n  nodeport-servise: high\n' }],
    });
    const typo = await client.waitFor(
      'textDocument/publishDiagnostics',
      (p) => p.uri === config && p.diagnostics[0]?.message.includes('servise'),
    );
    const actions = await client.request('textDocument/codeAction', {
      textDocument: { uri: config },
      range: typo.diagnostics[0].range,
      context: { diagnostics: typo.diagnostics },
    });
    assert.deepEqual(
      actions.map((a: any) => [a.title, a.kind, a.isPreferred]),
      [['Change to "nodeport-service"', 'quickfix', true]],
    );
    assert.equal(
      applyWorkspaceEdit(
        'rules:\n  host-port: "off"\n  nodeport-servise: high\n',
        actions[0].edit,
        config,
      ),
      'rules:\n  host-port: "off"\n  nodeport-service: high\n',
    );
    client.notify('textDocument/didChange', {
      textDocument: { uri: config, version: 4 },
      contentChanges: [{ text: 'rules:\n  host-port: low\n' }],
    });
    await client.waitFor(
      'textDocument/publishDiagnostics',
      (p) => p.uri === config && p.diagnostics.length === 0,
    );
    const low = await client.waitFor(
      'textDocument/publishDiagnostics',
      (p) =>
        p.uri === uri && p.diagnostics.some((d: any) => d.code === 'host-port' && d.severity === 3),
    );
    assert.deepEqual(low.diagnostics.map(brief), [
      'host-port 3 19:14-19:28',
      'host-port-conflict 2 19:14-19:28',
    ]);
  });

  it('takes editor settings over the config file (workspace/configuration)', async () => {
    const uri = uriOf('team-a.yaml');
    client.settings = { rules: { 'host-port-conflict': 'off', 'host-port': 'info' } };
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    const p = await client.waitFor(
      'textDocument/publishDiagnostics',
      (x) => x.uri === uri && x.diagnostics.length === 1 && x.diagnostics[0].severity === 4,
    );
    assert.deepEqual(p.diagnostics.map(brief), ['host-port 4 19:14-19:28']);
  });

  it('re-reads a manifest changed on disk (didChangeWatchedFiles): the conflict goes away', async () => {
    const uri = uriOf('team-a.yaml');
    client.settings = {};
    client.notify('workspace/didChangeConfiguration', { settings: {} });
    await client.waitFor(
      'textDocument/publishDiagnostics',
      (p) => p.uri === uri && p.diagnostics.length === 2,
    );
    writeFileSync(
      join(dir, 'team-b.yaml'),
      readFileSync(join(dir, 'team-b.yaml'), 'utf8').replace('hostPort: 9100', 'hostPort: 9200'),
    );
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [{ uri: uriOf('team-b.yaml'), type: 2 }],
    });
    const p = await client.waitFor(
      'textDocument/publishDiagnostics',
      (x) => x.uri === uri && x.diagnostics.length === 1,
    );
    assert.deepEqual(p.diagnostics.map(brief), ['host-port 3 19:14-19:28']);
  });

  it('scans the whole workspace on command, publishing for files that are not open', async () => {
    const result = await client.request('workspace/executeCommand', {
      command: 'portguard.server.scanWorkspace',
    });
    assert.deepEqual(result, { files: 2, findings: 2 });
    const b = await client.diagnosticsFor(uriOf('team-b.yaml'));
    assert.deepEqual(b.diagnostics.map(brief), ['host-port 3 19:14-19:28']);
  });
});

describe('language server: settings in initializationOptions (editors without workspace/configuration)', function () {
  this.timeout(60000);
  const shapes: [string, unknown][] = [
    ['bare', { rules: { 'nodeport-service': 'off' } }],
    ['under settings', { settings: { rules: { 'nodeport-service': 'off' } } }],
    [
      'under portguard, as Helix sends its config',
      { portguard: { rules: { 'nodeport-service': 'off' } } },
    ],
  ];
  for (const [name, options] of shapes) {
    it(name, async () => {
      const client = new LspClient();
      try {
        await client.initialize(null, {}, options);
        const uri = pathToFileURL(join(fixtures, 'web.yaml')).href;
        client.notify('textDocument/didOpen', {
          textDocument: { uri, languageId: 'yaml', version: 1, text: webText },
        });
        const p = await client.diagnosticsFor(uri, 1);
        assert.deepEqual(p.diagnostics.map(brief), ['host-port 1 24:14-24:28']);
      } finally {
        await client.shutdown();
      }
    });
  }
});
