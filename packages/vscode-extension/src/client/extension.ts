// The VS Code extension: starts the bundled language server, a status bar item and the workspace scan.
import * as vscode from 'vscode';
import {
  ExecuteCommandRequest,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node.js';

const SCAN_WORKSPACE_COMMAND = 'portguard.server.scanWorkspace';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/bundle/server.cjs');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
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
  };
  client = new LanguageClient('portguard', 'portguard', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  status.command = 'portguard.scanWorkspace';
  status.name = 'portguard';
  const refresh = () => {
    let count = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics())
      count += diagnostics.filter((d) => d.source === 'portguard').length;
    status.text = count === 0 ? '$(shield) portguard' : `$(shield) portguard: ${count}`;
    status.tooltip =
      count === 0
        ? 'portguard: no host port exposure found. Click to scan the workspace.'
        : `portguard: ${count} exposure${count === 1 ? '' : 's'}. Click to scan the workspace.`;
  };
  refresh();
  status.show();

  context.subscriptions.push(
    status,
    vscode.languages.onDidChangeDiagnostics(refresh),
    vscode.commands.registerCommand('portguard.scanWorkspace', async () => {
      if (!client) return;
      const result = (await client.sendRequest(ExecuteCommandRequest.type, {
        command: SCAN_WORKSPACE_COMMAND,
      })) as { files: number; findings: number } | null;
      if (result) {
        void vscode.window.showInformationMessage(
          `portguard: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.files} manifest file${result.files === 1 ? '' : 's'}.`,
        );
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
