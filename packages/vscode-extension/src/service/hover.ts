// The hover on a flagged key: what the rule is about, why it matters, and its doc.
import { findRule } from '@portguard/core';
import { MarkupKind, type Hover, type Range } from 'vscode-languageserver-types';
import type { LocatedFinding } from './findings.js';

/**
 * Markdown for every finding whose range holds `offset` (ends included, so the cursor just after
 * `8080` still explains it); null when the position is not on a finding.
 */
export function hoverFor(
  findings: readonly LocatedFinding[],
  offset: number,
  rangeOf: (f: LocatedFinding) => Range,
): Hover | null {
  const here = findings.filter((f) => f.start <= offset && offset <= f.end);
  if (here.length === 0) return null;
  const parts = here.map(({ finding }) => {
    const rule = findRule(finding.rule);
    const lines = [`**portguard: \`${finding.rule}\`** (${finding.severity})`, '', finding.message];
    if (rule) {
      lines.push('', rule.meta.description, '', rule.meta.rationale);
      if (rule.meta.references.length > 0)
        lines.push('', `References: ${rule.meta.references.join('; ')}`);
      lines.push('', `[Rule documentation](${rule.meta.docsUrl})`);
    }
    return lines.join('\n');
  });
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') },
    range: rangeOf(here[0]),
  };
}
