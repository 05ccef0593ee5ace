// The table of `kubectl portguard audit`: who did what to which object, when, which rule, admitted or not.
import type { AuditReport } from './types.js';

/** How many skipped lines the table names; `-o json` lists them all (up to 1,000). */
const SHOWN_SKIPPED = 10;

/** One row per event, then the first skipped lines and a summary line; an empty report says so. */
export function auditTable(report: AuditReport): string {
  const rows = report.events.map((e) => [
    e.time.replace(/\.\d+Z$/, 'Z'),
    e.impersonatedUser ? `${e.user.username} (as ${e.impersonatedUser.username})` : e.user.username,
    e.verb,
    `${e.object.kind}/${e.object.namespace ? `${e.object.namespace}/` : ''}${e.object.name}`,
    e.rule,
    e.severity,
    e.admitted ? 'yes' : 'no',
    e.certainty === 'certain' ? e.message : `possibly: ${e.message}`,
  ]);
  const head = ['TIME', 'USER', 'VERB', 'OBJECT', 'RULE', 'SEVERITY', 'ADMITTED', 'MESSAGE'];
  const out: string[] = [];
  if (rows.length) {
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (r: string[]) =>
      r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
    out.push(line(head), ...rows.map(line));
  } else out.push('No request in these logs introduced a finding.');
  for (const s of report.skipped.slice(0, SHOWN_SKIPPED))
    out.push(`skipped ${s.file}:${s.line}: ${s.reason}`);
  const more = report.skipped.length - SHOWN_SKIPPED;
  if (more > 0)
    out.push(`… and ${more} more skipped line${more === 1 ? '' : 's'} (-o json lists them)`);
  const { lines, requests, events } = report.summary;
  out.push(`${lines} lines, ${requests} write requests judged, ${events} events`);
  return `${out.join('\n')}\n`;
}
