// Turns a core finding into an LSP Diagnostic as the contract says: source, code, href, severity, range.
import { findRule, type Finding, type Severity } from '@portguard/core';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position,
  type Range,
} from 'vscode-languageserver-types';
import { ruleDocUri } from './docs-location.js';
import type { LocatedFinding } from './findings.js';
import type { Segment } from './parsed-document.js';

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

/** A position counted from the first line of a segment (segments start at column 0). */
interface LocalRange {
  start: Position;
  end: Position;
}

/** What a finding's diagnostic is, wherever its segment now sits; rebuilt only with the finding. */
interface LocalDiagnostic {
  segment: Segment;
  range: LocalRange;
  severity: DiagnosticSeverity;
  code: string;
  message: string;
  href?: string;
  related: Array<{ segment: Segment; range: LocalRange; message: string }>;
}

/**
 * Turns located findings into diagnostics. A finding's range and related places are kept
 * relative to their segments, whose text never changes, so an edit costs one line lookup per
 * segment instead of re-positioning every finding of a 50,000-line file.
 */
export class DiagnosticBuilder {
  private readonly local = new WeakMap<Finding, LocalDiagnostic>();
  private readonly segmentText = new WeakMap<Segment, TextDocument>();

  /**
   * One diagnostic per finding. `relatedInformation` points at the other side of a conflict,
   * in whichever workspace file it lives; `lineOf` says on which line of its file a segment
   * now starts (undefined when that file is gone).
   */
  build(
    located: LocatedFinding,
    lineOf: (segment: Segment) => number | undefined,
    segmentOf: (name: string | undefined) => Segment | undefined,
  ): Diagnostic {
    const local = this.localOf(located, segmentOf);
    const data: DiagnosticData = { rule: local.code, id: located.id };
    const diagnostic: Diagnostic = {
      range: shift(local.range, lineOf(local.segment) ?? 0),
      severity: local.severity,
      source: SOURCE,
      code: local.code,
      message: local.message,
      data,
    };
    if (local.href) diagnostic.codeDescription = { href: local.href };
    const related: DiagnosticRelatedInformation[] = [];
    for (const r of local.related) {
      const line = lineOf(r.segment);
      if (line === undefined) continue;
      related.push({
        location: { uri: r.segment.uri, range: shift(r.range, line) },
        message: r.message,
      });
    }
    if (related.length > 0) diagnostic.relatedInformation = related;
    return diagnostic;
  }

  private localOf(
    located: LocatedFinding,
    segmentOf: (name: string | undefined) => Segment | undefined,
  ): LocalDiagnostic {
    const { finding, segment } = located;
    let local = this.local.get(finding);
    if (local) return local;
    const from = located.start - segment.start;
    const to = located.end - segment.start;
    local = {
      segment,
      range: this.rangeIn(segment, from, to),
      severity: SEVERITY[finding.severity],
      code: finding.rule,
      message: finding.message,
      related: [],
    };
    if (findRule(finding.rule)) local.href = ruleDocUri(finding.rule);
    for (const r of finding.related ?? []) {
      const seg = segmentOf(r.file);
      if (!seg || !r.range) continue;
      const ns = r.object.namespace ? `${r.object.namespace}/` : '';
      local.related.push({
        segment: seg,
        range: this.rangeIn(seg, r.range.offset[0], r.range.offset[1]),
        message: `${r.object.kind} ${ns}${r.object.name}: ${r.message}`,
      });
    }
    this.local.set(finding, local);
    return local;
  }

  private rangeIn(segment: Segment, from: number, to: number): LocalRange {
    let td = this.segmentText.get(segment);
    if (!td) {
      // TextDocument's own line breaking (\r\n, \r, \n), as the editor's document counts lines.
      td = TextDocument.create(segment.uri, 'yaml', 0, segment.text);
      this.segmentText.set(segment, td);
    }
    return { start: td.positionAt(from), end: td.positionAt(to) };
  }
}

function shift(range: LocalRange, lines: number): Range {
  return {
    start: { line: range.start.line + lines, character: range.start.character },
    end: { line: range.end.line + lines, character: range.end.character },
  };
}

/** Reads back what DiagnosticBuilder put in `data`; undefined for anyone else's diagnostic. */
export function dataOf(diagnostic: Diagnostic): DiagnosticData | undefined {
  const d = diagnostic.data as Partial<DiagnosticData> | undefined;
  if (diagnostic.source !== undefined && diagnostic.source !== SOURCE) return undefined;
  if (!d || typeof d.rule !== 'string' || typeof d.id !== 'string') return undefined;
  return { rule: d.rule, id: d.id };
}
