// Prints generated objects as one multi-document YAML stream, ready for `kubectl apply -f -`.
import { stringify } from 'yaml';
import type { KubeObject } from '@portguard/core';

/** `# header` lines, then the objects separated by `---`. Long CEL and rego stay on their lines. */
export function toYamlStream(objects: readonly KubeObject[], header: readonly string[]): string {
  const head = header.map((h) => `# ${h}\n`).join('');
  const docs = objects.map((o) => stringify(o, { lineWidth: 0, blockQuote: 'literal' }));
  return head + docs.join('---\n');
}
