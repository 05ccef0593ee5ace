// Tells an unrendered Go/Helm template from rendered YAML whose strings merely contain `{{`.
import { visit, type Document } from 'yaml';

/**
 * True when a `{{` stands where YAML itself sees it, outside every scalar and comment:
 * `replicas: {{ .Values.replicas }}` or `{{- if .Values.x }}`. Rendered charts keep `{{ }}` inside
 * strings (Prometheus rules, Alertmanager templates, Argo Rollouts' `{{args.x}}`); those are data.
 */
export function hasTemplateSyntax(text: string, documents: readonly Document[]): boolean {
  let at = text.indexOf('{{');
  if (at < 0) return false;
  const scalars: Array<[number, number]> = [];
  for (const doc of documents) {
    visit(doc, {
      Scalar(_, node) {
        if (node.range) scalars.push([node.range[0], node.range[1]]);
      },
    });
  }
  scalars.sort((a, b) => a[0] - b[0]);
  const inScalar = (pos: number) => {
    // Binary search for the last scalar starting at or before pos.
    let lo = 0;
    let hi = scalars.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (scalars[mid][0] <= pos) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && pos < scalars[found][1];
  };
  while (at >= 0) {
    if (!inScalar(at) && !inComment(text, at, inScalar)) return true;
    at = text.indexOf('{{', at + 2);
  }
  return false;
}

function inComment(text: string, pos: number, inScalar: (p: number) => boolean): boolean {
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  for (let i = lineStart; i < pos; i++) {
    if (text[i] !== '#' || inScalar(i)) continue;
    if (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t') return true;
  }
  return false;
}
