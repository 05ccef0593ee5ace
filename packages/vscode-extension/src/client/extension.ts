// The VS Code extension: starts the bundled language server once a Kubernetes manifest is open, with its output channel, status bar and commands.
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node.js';
import { countFindings, plural } from './findings-count.js';
import { isPortguardConfig, looksLikeManifest } from './manifest-detect.js';
import { serverNodeFlags } from '../server/v8-pool.js';

const SCAN_WORKSPACE_COMMAND = 'portguard.server.scanWorkspace';

let client: LanguageClient | undefined;

/** True for a YAML document portguard has something to say about. */
function wanted(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'yaml' || (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled'))
    return false;
  return isPortguardConfig(doc.uri.path) || looksLikeManifest(doc.getText());
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  // One channel for the server's log and, with portguard.trace.server, the LSP trace.
  const output = vscode.window.createOutputChannel('portguard');
  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.command = 'portguard.scanWorkspace';
  status.name = 'portguard';
  context.subscriptions.push(output, status);

  const module = context.asAbsolutePath('dist/bundle/server.cjs');
  const serverOptions: ServerOptions = {
    run: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: serverNodeFlags(undefined, []) },
    },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--inspect=6012'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Only YAML files on disk or unsaved: Red Hat's YAML extension keeps schemas and completion.
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: {
      configurationSection: 'portguard',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json}'),
    },
    diagnosticCollectionName: 'portguard',
    outputChannel: output,
    traceOutputChannel: output,
  };

  const refresh = () => {
    const { findings } = countFindings(vscode.languages.getDiagnostics());
    status.text = findings === 0 ? '$(shield) portguard' : `$(shield) portguard: ${findings}`;
    status.tooltip =
      findings === 0
        ? 'portguard: no exposure found. Click to scan the workspace.'
        : `portguard: ${plural(findings, 'finding')}. Click to scan the workspace.`;
  };

  /** Starts the server (once): on the first manifest, or a command that needs it. */
  const start = async (): Promise<LanguageClient> => {
    if (client) return client;
    client = new LanguageClient('portguard', 'portguard', serverOptions, clientOptions);
    refresh();
    status.show();
    await client.start();
    return client;
  };

  context.subscriptions.push(
    vscode.languages.onDidChangeDiagnostics(refresh),
    vscode.commands.registerCommand('portguard.scanWorkspace', async () => {
      const c = await start();
      const result = (await c.sendRequest(ExecuteCommandRequest.type, {
        command: SCAN_WORKSPACE_COMMAND,
      })) as { files: number; findings: number } | null;
      if (!result) return;
      // The same count as the status bar: the diagnostics the scan just published, config ones aside.
      const { findings } = countFindings(vscode.languages.getDiagnostics());
      refresh();
      void vscode.window.showInformationMessage(
        `portguard: ${plural(findings, 'finding')} in ${plural(result.files, 'manifest file')}.`,
      );
    }),
    vscode.commands.registerCommand('portguard.restartServer', async () => {
      if (!client) {
        await start();
        return;
      }
      output.appendLine('portguard: restarting the language server');
      await client.restart();
    }),
    vscode.commands.registerCommand('portguard.showOutput', () => output.show(true)),
  );

  // Idle (no server, no status bar item) until a Kubernetes manifest or .portguard.yaml is open.
  if (vscode.workspace.textDocuments.some(wanted)) {
    await start();
    return;
  }
  const watchers: vscode.Disposable[] = [];
  const startOn = (doc: vscode.TextDocument) => {
    if (client || !wanted(doc)) return;
    for (const w of watchers.splice(0)) w.dispose();
    void start();
  };
  watchers.push(
    vscode.workspace.onDidOpenTextDocument(startOn),
    // An untitled buffer becomes a manifest as it is typed or pasted.
    vscode.workspace.onDidChangeTextDocument((e) => startOn(e.document)),
  );
  context.subscriptions.push(...watchers);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
