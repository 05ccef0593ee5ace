// Reads fixture manifests: this package's own, core's rule fixtures, the repo's examples.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifests, type ManifestObject } from '@portguard/core';

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const repoRoot = join(packageRoot, '..', '..');

/** Every `.yaml`/`.yml` below `dir` (none when it does not exist), sorted. */
export function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...yamlFiles(path));
    else if (/\.ya?ml$/.test(name)) out.push(path);
  }
  return out;
}

/** The objects of one file, named `file#index kind/name` for test titles; parse errors throw. */
export function loadObjects(path: string): Array<{ title: string; object: ManifestObject }> {
  const file = relative(repoRoot, path);
  const parsed = parseManifests(readFileSync(path, 'utf8'), file);
  if (parsed.errors.length) {
    const e = parsed.errors[0];
    throw new Error(`${e.file}:${e.line ?? '?'}: ${e.message}`);
  }
  return parsed.objects.map((object, i) => ({
    title: `${file}#${i} ${object.ref.kind}/${object.ref.name}`,
    object,
  }));
}
