// Prints generated objects as one multi-document YAML stream, ready for `kubectl apply -f -`.
import { stringify } from 'yaml';
import type { KubeObject } from '@portguard/core';

/** `# header` lines, then the objects separated by `---`; no anchors/aliases, long CEL and rego on their lines. */
export function toYamlStream(objects: readonly KubeObject[], header: readonly string[]): string {
  const head = header.map((h) => `# ${h}\n`).join('');
  const docs = objects.map((o) =>
    stringify(o, { lineWidth: 0, blockQuote: 'literal', aliasDuplicateObjects: false }),
  );
  return head + docs.join('---\n');
}
