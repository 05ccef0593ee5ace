// The whole file fixed as `kubectl portguard fix` fixes it, one document at a time when the file is big.
import { fixText, type Exemption, type PortguardConfig } from '@portguard/core';
import { DocumentParser, type Segment } from './parsed-document.js';

/** Up to this many `---` documents, core's fixText runs on the whole file, exactly as the CLI does. */
export const WHOLE_FILE_DOCUMENTS = 40;

/** Kinds a fix reads beside its workload (see fix-input.ts), and Namespaces (their annotations). */
const CONTEXT_KINDS = new Set(['Service', 'Ingress', 'Namespace']);

/**
 * core's fixText re-parses and re-scans the whole file after every single fix: on a 5,000-line
 * file that is minutes with the server blocked. Its fixes only ever edit their own document and
 * read the Services, Ingresses and Namespaces beside it, so a big file is fixed document by
 * document, each given those neighbours (exempted, so only the document itself is fixed), in
 * file order so later documents see what earlier fixes added. Falls back to the whole file if a
 * neighbour would change after all.
 */
export function fixAllText(text: string, file: string, config: PortguardConfig): string {
  const parser = new DocumentParser();
  let version = 0;
  let doc = parser.parse(file, version++, text);
  if (doc.template || doc.segments.length <= WHOLE_FILE_DOCUMENTS) {
    return fixText(text, file, { config }).text;
  }
  let current = text;
  let k = 0;
  while (k < doc.segments.length) {
    const seg = doc.segments[k];
    // A document without candidates has nothing any rule flags, so nothing to fix.
    if (seg.parsed.candidates.length === 0) {
      k++;
      continue;
    }
    const namespaces = new Set(seg.parsed.objects.map((o) => o.ref.namespace ?? ''));
    const neighbours = doc.segments.filter(
      (s) =>
        s !== seg &&
        s.parsed.objects.some(
          (o) =>
            CONTEXT_KINDS.has(o.ref.kind) &&
            (o.ref.kind === 'Namespace' || namespaces.has(o.ref.namespace ?? '')),
        ),
    );
    const { prefix, exemptions } = context(neighbours, seg);
    const fixed = fixText(prefix + seg.text, file, {
      config: { ...config, exemptions: [...config.exemptions, ...exemptions] },
    }).text;
    if (!fixed.startsWith(prefix)) return fixText(text, file, { config }).text;
    const replacement = fixed.slice(prefix.length);
    const end = seg.start + seg.text.length;
    current = current.slice(0, seg.start) + replacement + current.slice(end);
    doc = parser.parse(file, version++, current);
    // Continue after what this document became (it may now hold new documents, e.g. a Service).
    const next = seg.start + replacement.length;
    k = doc.segments.findIndex((s) => s.start >= next);
    if (k < 0) break;
  }
  return current;
}

function context(
  neighbours: readonly Segment[],
  seg: Segment,
): { prefix: string; exemptions: Exemption[] } {
  const eol = seg.text.includes('\r\n') ? '\r\n' : '\n';
  let prefix = '';
  const exemptions: Exemption[] = [];
  for (const n of neighbours) {
    prefix += /\r?\n$/.test(n.text) ? n.text : n.text + eol;
    for (const o of n.parsed.objects) {
      exemptions.push({
        kind: o.ref.kind,
        name: o.ref.name,
        ...(o.ref.namespace ? { namespace: o.ref.namespace } : {}),
        reason: 'context for fixing another document',
      });
    }
  }
  if (prefix && !/^---(?=[ \t\r\n]|$)/.test(seg.text)) prefix += `---${eol}`;
  return { prefix, exemptions };
}
