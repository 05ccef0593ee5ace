// Turns a core finding into an LSP Diagnostic as the contract says: source, code, href, severity, range.
import { findRule, type Severity } from '@portguard/core';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
} from 'vscode-languageserver-types';
import { ruleDocUri } from './docs-location.js';
import type { LocatedFinding } from './findings.js';

export const SOURCE = 'portguard';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
  info: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries for code actions to find its finding again: never the message. */
export interface DiagnosticData {
  rule: string;
  /** The finding's id (rule, object, field path), see LocatedFinding.id. */
  id: string;
}

/** Converts an offset of some file into an LSP position. */
export type PositionAt = (uri: string, offset: number) => Position | undefined;

/**
 * One diagnostic per finding. `relatedInformation` points at the other side of a conflict,
 * in whichever workspace file it lives.
 */
export function toDiagnostic(
  located: LocatedFinding,
  uri: string,
  positionAt: PositionAt,
  segmentOf: (name: string | undefined) => { uri: string; start: number } | undefined,
): Diagnostic {
  const { finding } = located;
  const start = positionAt(uri, located.start) ?? { line: 0, character: 0 };
  const end = positionAt(uri, located.end) ?? start;
  const related: DiagnosticRelatedInformation[] = [];
  for (const r of finding.related ?? []) {
    const seg = segmentOf(r.file);
    if (!seg || !r.range) continue;
    const rs = positionAt(seg.uri, seg.start + r.range.offset[0]);
    const re = positionAt(seg.uri, seg.start + r.range.offset[1]);
    if (!rs || !re) continue;
    const ns = r.object.namespace ? `${r.object.namespace}/` : '';
    related.push({
      location: { uri: seg.uri, range: { start: rs, end: re } },
      message: `${r.object.kind} ${ns}${r.object.name}: ${r.message}`,
    });
  }
  const data: DiagnosticData = { rule: finding.rule, id: located.id };
  const diagnostic: Diagnostic = {
    range: { start, end },
    severity: SEVERITY[finding.severity],
    source: SOURCE,
    code: finding.rule,
    message: finding.message,
    data,
  };
  const href = findRule(finding.rule) ? ruleDocUri(finding.rule) : undefined;
  if (href) diagnostic.codeDescription = { href };
  if (related.length > 0) diagnostic.relatedInformation = related;
  return diagnostic;
}

/** Reads back what toDiagnostic put in `data`; undefined for anyone else's diagnostic. */
export function dataOf(diagnostic: Diagnostic): DiagnosticData | undefined {
  const d = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (diagnostic.source !== undefined && diagnostic.source !== SOURCE) return undefined;
  if (!d || typeof d.rule !== 'string' || typeof d.id !== 'string') return undefined;
  return { rule: d.rule, id: d.id };
}
