// `-o table`: a human summary, coloured on a TTY only.
import type { Finding, Severity } from '@portguard/core';
import type { ReportInput } from './report.js';

const COLORS: Record<Severity, string> = { high: '31', medium: '33', low: '36', info: '2' };

export function tableReporter({ result, warnings, color }: ReportInput): string {
  const paint = (code: string, s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  const lines: string[] = [];
  const rows = result.findings.map((f) => [
    paint(COLORS[f.severity], f.severity.toUpperCase()),
    f.rule,
    objectLabel(f),
    location(f),
    f.message,
  ]);
  if (rows.length > 0) {
    const header = ['SEVERITY', 'RULE', 'OBJECT', 'LOCATION', 'MESSAGE'];
    // eslint-disable-next-line no-control-regex -- strips our own ANSI colour codes
    const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => plain(r[i]).length)));
    const fmt = (r: string[]) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i] - plain(c).length)))
        .join('  ');
    lines.push(fmt(header), ...rows.map(fmt));
  } else {
    lines.push('No exposures found.');
  }
  for (const e of result.errors)
    lines.push(paint('31', `error: ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`));
  for (const s of result.skipped) lines.push(`skipped: ${s.file}: ${s.reason}`);
  for (const w of warnings) lines.push(paint('33', `warning: ${w}`));
  const s = result.summary;
  lines.push(
    '',
    `${s.objects} object${s.objects === 1 ? '' : 's'} scanned, ${s.findings} finding${s.findings === 1 ? '' : 's'} ` +
      `(${s.bySeverity.high} high, ${s.bySeverity.medium} medium, ${s.bySeverity.low} low, ${s.bySeverity.info} info), ` +
      `${s.suppressed} suppressed`,
  );
  return `${lines.join('\n')}\n`;
}

function objectLabel(f: Finding): string {
  return `${f.object.kind}/${f.object.namespace ? `${f.object.namespace}/` : ''}${f.object.name}${f.podCount ? ` (${f.podCount} pods)` : ''}`;
}

function location(f: Finding): string {
  if (f.file && f.range) return `${f.file}:${f.range.start.line}:${f.range.start.column}`;
  return f.path;
}
