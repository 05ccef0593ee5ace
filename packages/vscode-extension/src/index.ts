// Public API of portguard-vscode: the transport-free language service and the server's entry.
export { LanguageService, pathOf } from './service/language-service.js';
export { readSettings, applySettings, defaultSettings, type Settings } from './service/settings.js';
export { DiagnosticBuilder, dataOf, SOURCE, type DiagnosticData } from './service/diagnostics.js';
export { FIX_ALL_KIND, type ActionData } from './service/code-actions.js';
export { DocumentParser, segmentStarts } from './service/parsed-document.js';
export type { LocatedFinding } from './service/findings.js';
export { minimalEdit, toTextEdits } from './service/text-edits.js';
export { startServer, SCAN_WORKSPACE_COMMAND, type ScanWorkspaceResult } from './server/server.js';
export { serverNodeFlags } from './server/v8-pool.js';
export { restartWithServerFlags } from './server/restart-with-flags.js';
