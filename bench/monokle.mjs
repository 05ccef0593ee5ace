// The Monokle baseline of the core bench: @monokle/validation with its Pod Security plugin only, offline.
import { createRequire } from 'node:module';

/** @type {Promise<{ validator: any, yaml: typeof import('yaml') }> | undefined} */
let loading;

async function load() {
  const mod = await import('@monokle/validation');
  // The YAML parser Monokle itself depends on, as its CLI reads files with it.
  const yaml = createRequire(import.meta.resolve('@monokle/validation'))('yaml');
  const validator = mod.createDefaultMonokleValidator();
  await validator.preload({ plugins: { 'pod-security-standards': true } });
  return { validator, yaml };
}

/** Why Monokle cannot be measured here (not installed, fails to load offline), or undefined. */
export async function monokleUnavailable() {
  try {
    await (loading ??= load());
    return undefined;
  } catch (e) {
    return String(e?.message ?? e).split('\n')[0];
  }
}

/**
 * What Monokle does with a file: parse every document with `yaml`, make each a resource, validate
 * with the Pod Security Standards plugin. Resolves to the number of results.
 * @param {string} text
 */
export async function monokleScan(text) {
  const { validator, yaml } = await (loading ??= load());
  const resources = yaml.parseAllDocuments(text).map((d, i) => {
    const content = d.toJS();
    const [start, end] = d.range;
    return {
      id: `r${i}`,
      fileId: 'corpus/all.yaml',
      filePath: 'corpus/all.yaml',
      fileOffset: start,
      name: content?.metadata?.name ?? '',
      apiVersion: content?.apiVersion ?? '',
      kind: content?.kind ?? '',
      namespace: content?.metadata?.namespace,
      content,
      text: text.slice(start, end),
    };
  });
  const response = await validator.validate({ resources });
  return response.runs.reduce((n, r) => n + r.results.length, 0);
}
