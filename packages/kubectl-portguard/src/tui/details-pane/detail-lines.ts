// The details of one finding as plain lines, wrapped to the pane's width, so scrolling is line-exact.
import type { AllowanceNote, Finding, Severity } from '@portguard/core';
import { wrap } from '../terminal/fit.js';
import type { RiskFacts } from '../risk/why-risky.js';
import type { Remediation } from '../remediation/remediation-types.js';

/** How a line is drawn; the view maps tones to colours (or to nothing under NO_COLOR). */
export type Tone = 'title' | 'heading' | 'text' | 'dim' | 'added' | 'removed' | Severity;

export interface DetailLine {
  text: string;
  tone: Tone;
}

export interface DetailInput {
  finding: Finding;
  risk: RiskFacts;
  remediation: Remediation;
  width: number;
  /** `created by alice at 2026-11-30T10:00:00Z`, from `--audit-log`; absent without one. */
  createdBy?: string;
}

const LABEL = 14;

/**
 * Title, message and location; "Why it is risky here" (exposure, nodes, NetworkPolicies,
 * collisions); then the remediation preview: what `w` would write, or why there is none.
 */
export function detailLines({
  finding: f,
  risk,
  remediation,
  width,
  createdBy,
}: DetailInput): DetailLine[] {
  const out: DetailLine[] = [];
  const add = (text: string, tone: Tone = 'text', indent = 0) => {
    for (const t of wrap(text, width, indent)) out.push({ text: t, tone });
  };
  const o = f.object;
  add(`${f.severity.toUpperCase()}  ${f.rule}`, f.severity);
  add(
    `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}${f.podCount ? ` (${f.podCount} pods)` : ''}${f.tenant ? ` · tenant ${f.tenant}` : ''}`,
    'title',
  );
  add(f.message);
  add(`at ${f.path}`, 'dim', 3);
  if (createdBy) add(createdBy, 'dim', 3);
  out.push({ text: '', tone: 'text' });
  add('Why it is risky here', 'heading');
  const fact = (label: string, text: string) =>
    add(`  ${label.padEnd(LABEL)}${text}`, 'text', LABEL + 2);
  fact('Exposure', risk.exposure);
  fact('Nodes', risk.nodes);
  fact('NetworkPolicy', risk.policies);
  if (risk.collisions.length === 0) fact('Tenants', 'no collision with another tenant');
  for (const c of risk.collisions) fact('Collides with', c);
  if (f.allowance) fact('Allowance', allowanceLine(f.allowance));
  out.push({ text: '', tone: 'text' });
  if (!remediation.available) {
    add('Remediation', 'heading');
    add(`  ${remediation.reason}`, 'dim', 2);
    return out;
  }
  add(`Remediation: ${remediation.title} (w writes ${remediation.fileName})`, 'heading', 2);
  for (const section of remediation.sections) {
    add(`  ${section.title}`, 'dim', 2);
    for (const line of section.lines) {
      const tone: Tone =
        section.kind === 'diff' && line.startsWith('+') && !line.startsWith('+++')
          ? 'added'
          : section.kind === 'diff' && line.startsWith('-') && !line.startsWith('---')
            ? 'removed'
            : 'text';
      // YAML keeps its indentation: long lines are split hard, never re-flowed.
      const full = `    ${line}`;
      const w = Math.max(1, width);
      for (let i = 0; i === 0 || i < full.length; i += w)
        out.push({ text: full.slice(i, i + w), tone });
    }
  }
  return out;
}

/**
 * The tenant allowance as one line: `inside tenant shop's allowed 9000-9100: edge proxy
 * (.portguard.yaml:2)`, `outside …`, or `Tenant shop forbids NodePort Services`.
 */
export function allowanceLine(a: AllowanceNote): string {
  if (a.forbidden) return a.text;
  const head = `${a.inside ? 'inside' : 'outside'} ${a.text}`;
  return a.inside && a.reason ? `${head}: ${a.reason} (${a.origin})` : `${head} (${a.origin})`;
}
