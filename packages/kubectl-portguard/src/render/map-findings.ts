// Moves findings on rendered text (kustomize, helm) to the source files and lines they came from.
import {
  parsePath,
  type Finding,
  type ManifestObject,
  type PathSegment,
  type RenderedBy,
  type ScanResult,
  type SourceRange,
} from '@portguard/core';

/** Where a finding's value is written, with the file named as the user would. */
export interface Place {
  file: string;
  range?: SourceRange;
}

/** Maps one field of one object of a rendered text to its place; undefined: not rendered, left as is. */
export type PlaceFinder = (
  object: ManifestObject,
  path: readonly PathSegment[],
) => Place | undefined;

/** A rendered text in a scan: its name (the findings' `file` before mapping) and its mapper. */
export interface RenderedInput {
  name: string;
  rendered: Omit<RenderedBy, 'input'>;
  place: PlaceFinder;
}

/**
 * Rewrites `file` and `range` of every finding (and related location) on a rendered input to the
 * place its mapper finds, adds `rendered`, and sorts the findings by their new place.
 */
export function mapRenderedFindings(result: ScanResult, inputs: readonly RenderedInput[]): void {
  if (inputs.length === 0) return;
  const byName = new Map(inputs.map((i) => [i.name, i]));
  const objects = new Map<string, ManifestObject>();
  for (const o of result.objects) {
    const file = o.source?.file.file;
    if (file !== undefined && byName.has(file)) objects.set(key(file, o.ref), o);
  }
  const remap = (f: Finding) => {
    const input = f.file !== undefined ? byName.get(f.file) : undefined;
    if (!input || f.file === undefined) return;
    const object = objects.get(key(f.file, f.object));
    const inputName = f.file;
    const place = object && input.place(object, f.pathSegments);
    if (!place) return;
    f.file = place.file;
    if (place.range) f.range = place.range;
    else delete f.range;
    f.rendered = { ...input.rendered, input: inputName };
    for (const r of f.related ?? []) {
      const other = r.file !== undefined ? byName.get(r.file) : undefined;
      const o = r.file !== undefined && other ? objects.get(key(r.file, r.object)) : undefined;
      const place = o && other ? other.place(o, parsePath(r.path)) : undefined;
      if (!place) continue;
      r.file = place.file;
      if (place.range) r.range = place.range;
      else delete r.range;
    }
  };
  result.findings.forEach(remap);
  result.suppressed.forEach(remap);
  result.findings.sort(byPlace);
  result.suppressed.sort(byPlace);
}

function key(file: string, ref: Finding['object']): string {
  return `${file}\0${ref.apiVersion}\0${ref.kind}\0${ref.namespace ?? ''}\0${ref.name}`;
}

/** Files in name order, then by line; findings without a file (a cluster's) last, as they were. */
function byPlace(a: Finding, b: Finding): number {
  if (a.file === undefined || b.file === undefined)
    return a.file === b.file ? 0 : a.file === undefined ? 1 : -1;
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    (a.range?.offset[0] ?? 0) - (b.range?.offset[0] ?? 0) ||
    (a.rendered?.from ?? '').localeCompare(b.rendered?.from ?? '') ||
    a.rule.localeCompare(b.rule)
  );
}
