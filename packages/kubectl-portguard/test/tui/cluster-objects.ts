// Test helper: YAML fixtures read as the live-cluster module delivers objects (origin cluster, no source).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseManifests, type ManifestObject } from '@portguard/core';

const here = dirname(fileURLToPath(import.meta.url));

/** Parses YAML text and strips the file origin, as objects listed from an API server look. */
export function clusterObjects(text: string): ManifestObject[] {
  const parsed = parseManifests(text, 'cluster.yaml');
  if (parsed.errors.length) throw new Error(`fixture does not parse: ${parsed.errors[0].message}`);
  return parsed.objects.map((o) => ({ value: o.value, ref: o.ref, origin: 'cluster' as const }));
}

export function fixtureObjects(name: string): ManifestObject[] {
  return clusterObjects(readFileSync(join(here, 'fixtures', name), 'utf8'));
}
