// `-o json`: the contract's JSON shape, and the plain object `-o yaml` reuses.
import type { Finding } from '@portguard/core';
import type { ReportInput } from './report.js';

/** The contract's document: findings, summary, errors (and warnings, skipped where any). */
export function toReportObject({ result, warnings }: ReportInput): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    findings: result.findings.map(findingJson),
    summary: result.summary,
    errors: result.errors.map((e) => ({
      file: e.file,
      ...(e.line !== undefined ? { line: e.line } : {}),
      message: e.message,
    })),
  };
  if (result.skipped.length) doc.skipped = result.skipped;
  if (warnings.length) doc.warnings = warnings;
  return doc;
}

export function findingJson(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    object: f.object,
    path: f.path,
  };
  if (f.tenant !== undefined) out.tenant = f.tenant;
  if (f.file !== undefined) out.file = f.file;
  if (f.range) out.range = { start: f.range.start, end: f.range.end };
  if (f.podCount !== undefined) out.podCount = f.podCount;
  if (f.related?.length) {
    out.related = f.related.map((r) => ({
      object: r.object,
      path: r.path,
      message: r.message,
      ...(r.file !== undefined ? { file: r.file } : {}),
      ...(r.range ? { range: { start: r.range.start, end: r.range.end } } : {}),
    }));
  }
  return out;
}

export function jsonReporter(input: ReportInput): string {
  return `${JSON.stringify(toReportObject(input), null, 2)}\n`;
}
