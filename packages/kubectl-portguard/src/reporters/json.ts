// `-o json`: the contract's JSON shape, and the plain object `-o yaml` reuses.
import type { Finding, ObjectRef } from '@portguard/core';
import type { ReportInput } from './report.js';

/**
 * The contract's document: findings, summary, errors; plus `skipped` (templates not scanned) and,
 * when there are any, `warnings` (what a live scan could not see).
 */
export function toReportObject({ result, warnings }: ReportInput): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    findings: result.findings.map(findingJson),
    summary: {
      objects: result.summary.objects,
      findings: result.summary.findings,
      suppressed: result.summary.suppressed,
      bySeverity: { ...result.summary.bySeverity },
      ...(result.summary.clusters ? { clusters: clustersJson(result.summary.clusters) } : {}),
    },
    errors: result.errors.map((e) => ({
      // A cluster that could not be scanned is named by its context, not by a file.
      ...(e.cluster !== undefined ? { cluster: e.cluster } : { file: e.file }),
      ...(e.line !== undefined ? { line: e.line } : {}),
      ...(e.column !== undefined ? { column: e.column } : {}),
      message: e.message,
    })),
    skipped: result.skipped.map((s) => ({ file: s.file, reason: s.reason })),
  };
  if (warnings.length) doc.warnings = warnings;
  return doc;
}

export function findingJson(f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    object: objectJson(f.object),
    path: f.path,
  };
  if (f.cluster !== undefined) out.cluster = f.cluster;
  if (f.tenant !== undefined) out.tenant = f.tenant;
  if (f.system) out.system = true;
  if (f.file !== undefined) out.file = f.file;
  if (f.range) out.range = { start: f.range.start, end: f.range.end };
  if (f.rendered) {
    out.rendered = {
      by: f.rendered.by,
      ...(f.rendered.from !== undefined ? { from: f.rendered.from } : {}),
    };
  }
  if (f.podCount !== undefined) out.podCount = f.podCount;
  if (f.related?.length) {
    out.related = f.related.map((r) => ({
      object: objectJson(r.object),
      path: r.path,
      message: r.message,
      ...(r.file !== undefined ? { file: r.file } : {}),
      ...(r.range ? { range: { start: r.range.start, end: r.range.end } } : {}),
    }));
  }
  return out;
}

/** Each context's counts, in the key order of the totals. */
function clustersJson(
  clusters: NonNullable<ReportInput['result']['summary']['clusters']>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(clusters).map(([name, s]) => [
      name,
      {
        objects: s.objects,
        findings: s.findings,
        suppressed: s.suppressed,
        bySeverity: { ...s.bySeverity },
      },
    ]),
  );
}

/** The object's identity in the contract's key order; `namespace` only where it has one. */
function objectJson(o: ObjectRef): Record<string, string> {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(o.namespace !== undefined ? { namespace: o.namespace } : {}),
    name: o.name,
  };
}

export function jsonReporter(input: ReportInput): string {
  return `${JSON.stringify(toReportObject(input), null, 2)}\n`;
}
