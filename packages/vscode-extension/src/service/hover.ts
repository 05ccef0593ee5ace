// The hover on a flagged key: what the diagnostic does not say — why it matters, how to fix it, its doc.
import { findRule } from '@portguard/core';
import { MarkupKind, type Hover, type Range } from 'vscode-languageserver-types';
import { ruleDocParagraph, ruleDocUri } from './docs-location.js';
import type { LocatedFinding } from './findings.js';

/**
 * Markdown for every finding whose range holds `offset` (ends included, so the cursor just after
 * `8080` still explains it); null when the position is not on a finding. The diagnostic's own
 * message is not repeated (editors show it beside the hover): the rule's rationale, the
 * remediation from its doc's "How to fix", the quick-fix hint and the doc link are.
 */
export function hoverFor(
  findings: readonly LocatedFinding[],
  offset: number,
  rangeOf: (f: LocatedFinding) => Range,
): Hover | null {
  const here = findings.filter((f) => f.start <= offset && offset <= f.end);
  if (here.length === 0) return null;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const { finding } of here) {
    if (seen.has(finding.rule)) continue;
    seen.add(finding.rule);
    const rule = findRule(finding.rule);
    const lines = [`**portguard \`${finding.rule}\`** (${finding.severity})`];
    if (rule) {
      lines.push('', rule.meta.description, '', `**Why it matters:** ${rule.meta.rationale}`);
      const fix = ruleDocParagraph(finding.rule, ['How to fix', 'Fix']);
      if (fix) lines.push('', `**How to fix:** ${fix}`);
      if (rule.meta.fixable) lines.push('', '_A quick-fix (code action) applies the remediation._');
      if (rule.meta.references.length > 0)
        lines.push('', `References: ${rule.meta.references.join('; ')}`);
      const href = ruleDocUri(finding.rule);
      if (href) lines.push('', `[${finding.rule} documentation](${href})`);
    }
    parts.push(lines.join('\n'));
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: rangeOf(here[0]),
  };
}
