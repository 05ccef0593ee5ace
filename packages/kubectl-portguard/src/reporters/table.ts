// `-o table`: findings grouped by file (or namespace) and object, wrapped to the terminal width.
import { isClusterObject, type Finding, type Severity } from '@portguard/core';
import type { ReportInput } from './report.js';
import { printable } from './printable.js';
import { wrapWords } from './wrap.js';

const SEVERITY_STYLE: Record<Severity, string> = {
  high: '1;31',
  medium: '33',
  low: '36',
  info: '2',
};
const SEVERITY_WIDTH = 'MEDIUM'.length;
/** The message column never gets narrower than this, whatever the terminal says. */
const MIN_MESSAGE_WIDTH = 30;
/** With less room than this beside the rule, the message starts on the next line. */
const MIN_FIRST_LINE = 16;
const DEFAULT_WIDTH = 80;

interface Group {
  title: string;
  /** The context of a fleet scan the group's findings come from. */
  cluster?: string;
  /** The namespace's tenant when a finding names one other than the namespace itself. */
  tenant?: string;
  objects: Map<string, { title: string; findings: Finding[] }>;
}

/**
 * ```
 * examples/web.yaml
 *   Deployment team-a/web
 *     23:15  HIGH    host-port  container "app" uses hostPort 8080
 *
 * 1 finding (1 high) in 2 objects
 * ```
 * Colour (severity, headings) only when `color` is set: the caller decides from TTY and NO_COLOR.
 */
export function tableReporter({
  result,
  warnings,
  mode,
  color,
  columns,
  clusters,
}: ReportInput): string {
  const paint = (style: string, s: string) => (color ? `\u001b[${style}m${s}\u001b[0m` : s);
  const width = Math.max(40, columns || DEFAULT_WIDTH);
  const lines: string[] = [];

  const groups = groupFindings(result.findings, mode);
  const locW = Math.max(0, ...result.findings.map((f) => locationOf(f).length));
  const indent = 4;
  // Messages start after location and severity; the rule leads the message's first line.
  const msgStart = indent + (locW ? locW + 2 : 0) + SEVERITY_WIDTH + 2;
  const msgWidth = Math.max(MIN_MESSAGE_WIDTH, width - msgStart);
  const pad = ' '.repeat(msgStart);

  // A fleet groups by cluster first: its heading, its findings' groups, its own counts.
  const sections = clusters
    ? clusters.map((c) => ({
        heading: `cluster ${c.context}`,
        groups: groups.filter((g) => g.cluster === c.context),
        footer: c.ok ? summaryLine(c.result.summary, 0, 0) : `not scanned: ${c.error}`,
        failed: !c.ok,
      }))
    : [{ heading: undefined, groups, footer: undefined, failed: false }];
  for (const section of sections) {
    if (section.heading !== undefined) lines.push(paint('1;7', printable(` ${section.heading} `)));
    for (const group of section.groups) renderGroup(group);
    if (section.footer !== undefined) {
      lines.push(paint(section.failed ? '31' : '2', printable(section.footer)), '');
    }
  }

  function renderGroup(group: Group) {
    const tenant = group.tenant !== undefined ? ` (tenant ${group.tenant})` : '';
    lines.push(paint('1;4', printable(`${group.title}${tenant}`)));
    for (const obj of group.objects.values()) {
      lines.push(`  ${paint('1', printable(obj.title))}`);
      for (const f of obj.findings) {
        const loc = locW ? `${paint('2', locationOf(f).padEnd(locW))}  ` : '';
        const sev = paint(
          SEVERITY_STYLE[f.severity],
          f.severity.toUpperCase().padEnd(SEVERITY_WIDTH),
        );
        const head = `${' '.repeat(indent)}${loc}${sev}  ${paint('1', f.rule)}`;
        const message = printable(f.message);
        const firstWidth = msgWidth - f.rule.length - 2;
        if (firstWidth >= MIN_FIRST_LINE) {
          const [first, ...rest] = wrapWords(message, msgWidth, firstWidth);
          lines.push(`${head}  ${first}`);
          for (const l of rest) lines.push(`${pad}${l}`);
        } else {
          lines.push(head);
          for (const l of wrapWords(message, msgWidth)) lines.push(`${pad}${l}`);
        }
        if (mode === 'cluster') lines.push(paint('2', `${pad}at ${f.path}`));
      }
    }
    lines.push('');
  }

  const note = (style: string, text: string) => {
    const [first, ...rest] = wrapWords(printable(text), width - 2);
    lines.push(paint(style, first), ...rest.map((l) => paint(style, `  ${l}`)));
  };
  for (const s of result.skipped) note('2', `skipped ${s.file}: ${s.reason}`);
  for (const w of warnings) note('33', `warning: ${w}`);
  if (result.skipped.length || warnings.length) lines.push('');
  const inputErrors = result.errors.filter((e) => e.cluster === undefined).length;
  let summary = summaryLine(result.summary, inputErrors, result.skipped.length);
  const failed = clusters?.filter((c) => !c.ok).length ?? 0;
  if (clusters) summary += `; ${clusters.length - failed} of ${clusters.length} clusters scanned`;
  for (const l of wrapWords(summary, width)) {
    lines.push(paint(result.summary.findings ? '1' : '32', l));
  }
  return `${lines.join('\n')}\n`;
}

/** `7 findings (5 high, 2 medium) in 5 objects; 1 suppressed; 1 input error (on stderr)`. */
export function summaryLine(
  s: ReportInput['result']['summary'],
  errors: number,
  skipped: number,
): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const bySeverity = (Object.entries(s.bySeverity) as [Severity, number][])
    .filter(([, c]) => c > 0)
    .map(([sev, c]) => `${c} ${sev}`)
    .join(', ');
  const parts = [
    s.findings > 0
      ? `${n(s.findings, 'finding')} (${bySeverity}) in ${n(s.objects, 'object')}`
      : `No exposures found in ${n(s.objects, 'object')}`,
  ];
  if (s.suppressed) parts.push(`${s.suppressed} suppressed`);
  if (errors) parts.push(`${n(errors, 'input error')} (on stderr)`);
  if (skipped) parts.push(`${n(skipped, 'file')} skipped`);
  return parts.join('; ');
}

function groupFindings(findings: readonly Finding[], mode: ReportInput['mode']): Group[] {
  const groups = new Map<string, Group>();
  for (const f of findings) {
    // A Namespace object's findings sit with the objects in that namespace.
    const ns = f.object.namespace ?? (f.object.kind === 'Namespace' ? f.object.name : undefined);
    // Cluster-wide findings (admission control) are no tenant's: a group of their own.
    const title = isClusterObject(f.object)
      ? WHOLE_CLUSTER
      : mode === 'files' && f.file !== undefined
        ? f.file
        : ns !== undefined
          ? `namespace ${ns}`
          : 'cluster-scoped';
    const key0 = `${f.cluster ?? ''}\0${title}`;
    let g = groups.get(key0);
    if (!g) groups.set(key0, (g = { title, cluster: f.cluster, objects: new Map() }));
    if (mode === 'cluster' && f.tenant !== undefined && f.tenant !== ns) g.tenant = f.tenant;
    const key = `${f.object.apiVersion} ${f.object.kind} ${f.object.namespace ?? ''} ${f.object.name} ${f.rendered?.from ?? ''}`;
    let o = g.objects.get(key);
    if (!o) g.objects.set(key, (o = { title: objectTitle(f, mode), findings: [] }));
    o.findings.push(f);
  }
  // The whole cluster's group first: it concerns every tenant.
  const all = [...groups.values()];
  return [
    ...all.filter((g) => g.title === WHOLE_CLUSTER),
    ...all.filter((g) => g.title !== WHOLE_CLUSTER),
  ];
}

const WHOLE_CLUSTER = 'whole cluster';

function objectTitle(f: Finding, mode: ReportInput['mode']): string {
  const { kind, namespace, name } = f.object;
  const where = mode === 'cluster' || !namespace ? name : `${namespace}/${name}`;
  const pods = f.podCount !== undefined ? ` (${f.podCount} pod${f.podCount === 1 ? '' : 's'})` : '';
  // A base kept by two overlays holds an object of each: the overlay tells them apart.
  const from = f.rendered?.from !== undefined ? ` (${f.rendered.by} ${f.rendered.from})` : '';
  return `${kind} ${where}${pods}${f.system ? ' [system namespace]' : ''}${from}`;
}

function locationOf(f: Finding): string {
  return f.range ? `${f.range.start.line}:${f.range.start.column}` : '';
}
