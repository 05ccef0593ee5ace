// A broken .portguard.yaml in the editor: its diagnostic, the "did you mean" quick-fix, the note on manifests.
import type { ConfigError } from '@portguard/core';
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type Range,
} from 'vscode-languageserver-types';
import type { ResolvedConfig } from './config-resolver.js';
import { SOURCE } from './diagnostics.js';
import { configDocUri } from './docs-location.js';

/** The `code` of every diagnostic about the config file: never a rule name, so never a finding. */
export const CONFIG_CODE = 'config';

/** What a config diagnostic carries for its quick-fix. */
export interface ConfigDiagnosticData {
  /** The known name that replaces the diagnostic's range. */
  replaceWith: string;
}

/** The key or value at fault, 0-based as LSP counts; the line's start when the error has no range. */
export function configErrorRange(error: ConfigError): Range {
  if (!error.range) {
    const line = Math.max(0, error.line - 1);
    return { start: { line, character: 0 }, end: { line, character: 0 } };
  }
  const { start, end } = error.range;
  return {
    start: { line: start.line - 1, character: start.column - 1 },
    end: { line: end.line - 1, character: end.column - 1 },
  };
}

function whatIsUsed(resolved: ResolvedConfig): string {
  return resolved.fallback === 'last-valid'
    ? 'portguard keeps using the last valid settings of this file until it is fixed'
    : 'portguard uses its defaults until it is fixed';
}

/** The diagnostic shown on the config file itself: the problem, where, what is used meanwhile. */
export function configErrorDiagnostic(
  resolved: ResolvedConfig & { error: ConfigError },
): Diagnostic {
  const { error } = resolved;
  const diagnostic: Diagnostic = {
    range: configErrorRange(error),
    severity: DiagnosticSeverity.Error,
    source: SOURCE,
    code: CONFIG_CODE,
    message: `${error.problem}; ${whatIsUsed(resolved)}`,
  };
  const href = configDocUri();
  if (href) diagnostic.codeDescription = { href };
  if (error.suggestion) {
    const data: ConfigDiagnosticData = { replaceWith: error.suggestion };
    diagnostic.data = data;
  }
  return diagnostic;
}

/**
 * The note on each manifest under a broken config file, at its first line, pointing at the error:
 * its findings are judged by other settings than the file says.
 */
export function staleConfigNotice(
  resolved: ResolvedConfig & { file: string; error: ConfigError },
  configUri: string,
  firstLineLength: number,
): Diagnostic {
  const base = resolved.file.split(/[\\/]/).pop();
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineLength } },
    severity: DiagnosticSeverity.Warning,
    source: SOURCE,
    code: CONFIG_CODE,
    message: `${base} has an error (line ${resolved.error.line}), so ${whatIsUsed(resolved).replace(' of this file', ` of ${base}`)}`,
    relatedInformation: [
      {
        location: { uri: configUri, range: configErrorRange(resolved.error) },
        message: resolved.error.problem,
      },
    ],
    ...(configDocUri() ? { codeDescription: { href: configDocUri()! } } : {}),
  };
}

/** `Change to "tenantLabel"` for each config diagnostic of the request that has a suggestion. */
export function configQuickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    if (d.source !== SOURCE || d.code !== CONFIG_CODE) continue;
    const data = d.data as Partial<ConfigDiagnosticData> | undefined;
    if (typeof data?.replaceWith !== 'string') continue;
    out.push({
      title: `Change to "${data.replaceWith}"`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: d.range, newText: data.replaceWith }] } },
    });
  }
  return out;
}
