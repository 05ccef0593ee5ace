// The LSP handlers: thin wrappers that debounce, drop stale results and send what the service answers.
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFIG_FILE_NAMES } from '@portguard/core';
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node.js';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService, pathOf } from '../service/language-service.js';
import { FIX_ALL_KIND } from '../service/code-actions.js';
import {
  configErrorDiagnostic,
  configQuickFixes,
  staleConfigNotice,
} from '../service/config-diagnostics.js';
import { docsDir } from '../service/docs-location.js';
import { readSettings } from '../service/settings.js';
import { Debouncer, validationDelay } from './debouncer.js';
import { v8Workers } from './v8-pool.js';
import { overlayHook } from './overlay-hook.js';
import { isManifestPath, listManifests, readManifest } from './workspace-files.js';

export const SCAN_WORKSPACE_COMMAND = 'portguard.server.scanWorkspace';

/** What `portguard.server.scanWorkspace` answers. */
export interface ScanWorkspaceResult {
  files: number;
  findings: number;
}

/** Other open files are re-checked this long after an edit, for conflicts that came or went. */
const RELATED_DELAY_MS = 200;

function isConfigPath(path: string | undefined): boolean {
  return path !== undefined && CONFIG_FILE_NAMES.includes(basename(path));
}

/** Wires a LanguageService to a connection and starts listening. */
export function startServer(connection: Connection): void {
  const service = new LanguageService();
  const documents = new TextDocuments(TextDocument);
  /** How long each file's last validation took, and when it ended. */
  const lastRuns = new Map<string, { took: number; ended: number }>();
  const published = new Map<string, Diagnostic[]>();
  const publishedConfigErrors = new Set<string>();
  let folders: string[] = [];
  let canPullConfiguration = false;
  let canWatchFiles = false;
  let canRegisterConfiguration = false;
  let canResolveEdits = false;
  let initSettings: unknown;

  const log = (what: string, e: unknown) =>
    connection.console.error(
      `portguard: ${what}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
  /** The config errors last logged, so each is logged once, when it appears. */
  let loggedConfigErrors = '';

  /**
   * A manifest's diagnostics plus, under a broken config file, the note that its findings are
   * judged by the last valid (or default) settings.
   */
  const withConfigNotice = (uri: string, text: string, diagnostics: Diagnostic[]) => {
    const resolved = service.configOf(uri);
    if (!resolved.error || !resolved.file) return diagnostics;
    const parsed = service.parser.get(uri);
    if (!parsed || parsed.template || parsed.objects.length === 0) return diagnostics; // not a manifest
    const firstLine = /^[^\r\n]*/.exec(text)?.[0].length ?? 0;
    const notice = staleConfigNotice(
      resolved as Parameters<typeof staleConfigNotice>[0],
      pathToFileURL(resolved.file).href,
      firstLine,
    );
    return [...diagnostics, notice];
  };

  /** Sends diagnostics; with `onlyIfChanged`, not when they equal what was last sent for `uri`. */
  const publish = (
    uri: string,
    version: number | undefined,
    diagnostics: Diagnostic[],
    onlyIfChanged: boolean,
  ) => {
    const last = published.get(uri);
    if (onlyIfChanged && last && JSON.stringify(last) === JSON.stringify(diagnostics)) return;
    published.set(uri, diagnostics);
    void connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const validateNow = (uri: string, onlyIfChanged = false) => {
    const doc = documents.get(uri);
    if (!doc || isConfigPath(pathOf(uri))) return; // its problems come from publishConfigErrors
    const version = doc.version;
    const t0 = performance.now();
    let diagnostics: Diagnostic[];
    try {
      diagnostics = [...service.validate(doc), ...overlays.diagnostics(doc)];
    } catch (e) {
      log(`validating ${uri}`, e);
      return;
    } finally {
      const ended = performance.now();
      lastRuns.set(uri, { took: ended - t0, ended });
    }
    if (documents.get(uri)?.version !== version) return; // an edit came in: its own run will publish
    publish(uri, version, withConfigNotice(uri, doc.getText(), diagnostics), onlyIfChanged);
  };

  const debouncer = new Debouncer(
    (uri) => validateNow(uri),
    (uri) => {
      const last = lastRuns.get(uri);
      return last ? validationDelay(last.took, performance.now() - last.ended) : 0;
    },
  );
  const related = new Debouncer(
    (uri) => validateNow(uri, true),
    () => RELATED_DELAY_MS,
  );

  const overlays = overlayHook(
    documents,
    service,
    () => folders,
    () => documents.all().forEach((d) => debouncer.schedule(d.uri, 0)),
    log,
  );

  const revalidateOthers = (except?: string) => {
    for (const d of documents.all()) if (d.uri !== except) related.schedule(d.uri);
  };

  const publishConfigErrors = () => {
    // Resolve the configs in use now, so a config file's error is known before any validation.
    for (const d of documents.all()) service.configOf(d.uri);
    for (const f of folders) service.configs.configFor(join(f, 'manifest.yaml'));
    const now = new Set<string>();
    const logged: string[] = [];
    for (const [file, resolved] of service.configs.errors()) {
      const uri = pathToFileURL(file).href;
      now.add(uri);
      const diagnostic = configErrorDiagnostic(resolved);
      logged.push(
        `${resolved.error.message} (${resolved.fallback === 'last-valid' ? 'using its last valid settings' : 'using the defaults'})`,
      );
      publish(uri, undefined, [diagnostic], true);
    }
    const text = logged.join('\n');
    if (text !== loggedConfigErrors) {
      if (text) connection.console.warn(`portguard: config error: ${text}`);
      else if (loggedConfigErrors) connection.console.info('portguard: config errors fixed');
      loggedConfigErrors = text;
    }
    for (const uri of publishedConfigErrors) if (!now.has(uri)) publish(uri, undefined, [], true);
    publishedConfigErrors.clear();
    for (const uri of now) publishedConfigErrors.add(uri);
  };

  const reloadSettings = async (pushed?: unknown) => {
    let raw: unknown = pushed ?? initSettings;
    if (canPullConfiguration) {
      try {
        raw = await connection.workspace.getConfiguration('portguard');
      } catch (e) {
        log('reading settings', e);
      }
    }
    const { settings, problems } = readSettings(raw);
    for (const p of problems) connection.console.warn(p);
    service.setSettings(settings);
    for (const d of documents.all()) debouncer.schedule(d.uri, 0);
  };

  const loadWorkspace = async () => {
    const t0 = performance.now();
    const paths = await listManifests(folders);
    for (const path of paths) {
      const uri = pathToFileURL(path).href;
      if (documents.get(uri)) continue;
      const text = await readManifest(path);
      try {
        if (text !== undefined && !documents.get(uri)) service.setFile(uri, text);
      } catch (e) {
        log(`reading ${path}`, e);
      }
      // Parsing is synchronous: let keystrokes in between files of a big workspace.
      await new Promise((resolve) => setImmediate(resolve));
    }
    connection.console.info(
      `portguard: read ${paths.length} YAML/JSON file${paths.length === 1 ? '' : 's'} of ${folders.join(', ') || 'no workspace folder'} in ${Math.round(performance.now() - t0)} ms; ${service.manifestUris().length} hold Kubernetes objects`,
    );
    for (const d of documents.all()) debouncer.schedule(d.uri, 0);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    canPullConfiguration = caps.workspace?.configuration === true;
    canRegisterConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canResolveEdits =
      caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    // Editors send the settings bare, under `settings`, or under `portguard` (Helix's `config`).
    const opts = params.initializationOptions as
      { settings?: { portguard?: unknown }; portguard?: unknown } | undefined;
    initSettings = opts?.settings?.portguard ?? opts?.portguard ?? opts?.settings ?? opts;
    const fromFolders = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri));
    const fromRoot = params.rootUri ? [pathOf(params.rootUri)] : [];
    folders = [...fromFolders, ...(fromFolders.length ? [] : fromRoot)].filter(
      (p): p is string => p !== undefined,
    );
    service.setWorkspaceFolders(folders);
    service.setSettings(readSettings(initSettings).settings);
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: { includeText: false },
        },
        hoverProvider: true,
        codeActionProvider: {
          codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND],
          resolveProvider: true,
        },
        executeCommandProvider: { commands: [SCAN_WORKSPACE_COMMAND] },
        workspace: { workspaceFolders: { supported: true } },
      },
      serverInfo: { name: 'portguard-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    connection.console.info(
      `portguard-language-server 0.1.0 (pid ${process.pid}) on Node.js ${process.version}; ${v8Workers()}; rule docs: ${docsDir() ?? 'not installed (web links)'}`,
    );
    if (canRegisterConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, {
        section: 'portguard',
      });
    }
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: '**/*.{yaml,yml,json}' }],
      });
    }
    await reloadSettings();
    await loadWorkspace().catch((e) => log('reading the workspace', e));
    publishConfigErrors();
    overlays.refresh();
  });

  // kustomize reads the disk: a saved or changed file may change what an overlay renders.
  documents.onDidSave(() => overlays.refresh());

  connection.onDidChangeConfiguration(async (change) => {
    const s = change.settings as { portguard?: unknown } | undefined;
    await reloadSettings(s?.portguard);
    publishConfigErrors();
  });

  documents.onDidChangeContent(({ document }) => {
    const path = pathOf(document.uri);
    if (isConfigPath(path)) {
      service.configChanged(path, document.getText());
      for (const d of documents.all()) debouncer.schedule(d.uri);
      publishConfigErrors();
      return;
    }
    debouncer.schedule(document.uri);
    revalidateOthers(document.uri);
  });

  documents.onDidClose(async ({ document }) => {
    debouncer.cancel(document.uri);
    related.cancel(document.uri);
    const path = pathOf(document.uri);
    if (isConfigPath(path)) {
      service.configChanged(path, undefined);
      revalidateOthers();
      publishConfigErrors();
      return;
    }
    publish(document.uri, undefined, [], false);
    // What is on disk takes the buffer's place in the workspace.
    const text = path ? await readManifest(path) : undefined;
    if (documents.get(document.uri)) return;
    if (text !== undefined) service.setFile(document.uri, text);
    else service.removeFile(document.uri);
    revalidateOthers();
  });

  connection.onDidChangeWatchedFiles(async ({ changes }) => {
    for (const change of changes) {
      const path = pathOf(change.uri);
      if (!path) continue;
      if (isConfigPath(path)) {
        if (!documents.get(change.uri)) service.configChanged(path, undefined);
        continue;
      }
      if (!isManifestPath(path) || documents.get(change.uri)) continue;
      const text = change.type === FileChangeType.Deleted ? undefined : await readManifest(path);
      if (text !== undefined) service.setFile(change.uri, text);
      else service.removeFile(change.uri);
    }
    service.configChanged();
    for (const d of documents.all()) debouncer.schedule(d.uri);
    publishConfigErrors();
    overlays.refresh();
  });

  connection.onHover(({ textDocument, position }) => {
    const doc = documents.get(textDocument.uri);
    if (!doc) return null;
    try {
      return service.hover(doc, position);
    } catch (e) {
      log(`hover in ${textDocument.uri}`, e);
      return null;
    }
  });

  connection.onCodeAction((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return [];
    if (isConfigPath(pathOf(doc.uri))) return configQuickFixes(doc.uri, params.context.diagnostics);
    try {
      return service.codeActions(doc, params, canResolveEdits);
    } catch (e) {
      log(`code actions in ${params.textDocument.uri}`, e);
      return [];
    }
  });

  connection.onCodeActionResolve((action) => {
    const uri = (action.data as { uri?: string } | undefined)?.uri;
    const doc = uri ? documents.get(uri) : undefined;
    if (!doc) return action;
    try {
      return service.resolveCodeAction(doc, action);
    } catch (e) {
      log(`resolving a code action in ${uri}`, e);
      return action;
    }
  });

  connection.onExecuteCommand(async (params): Promise<ScanWorkspaceResult | null> => {
    if (params.command !== SCAN_WORKSPACE_COMMAND) return null;
    await loadWorkspace().catch((e) => log('reading the workspace', e));
    let files = 0;
    let findings = 0;
    for (const uri of service.manifestUris()) {
      try {
        const open = documents.get(uri);
        const diagnostics = open ? service.validate(open) : service.validateFile(uri);
        const text = open?.getText() ?? service.parser.get(uri)?.text ?? '';
        publish(uri, open?.version, withConfigNotice(uri, text, diagnostics), false);
        files++;
        findings += diagnostics.length;
      } catch (e) {
        log(`scanning ${uri}`, e);
      }
    }
    publishConfigErrors();
    return { files, findings };
  });

  connection.onShutdown(() => {
    debouncer.dispose();
    related.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
