// Finds, among the kustomization folders of a tree, the top-level ones to render and the files they use.
import { join, relative } from 'node:path';
import { KustomizationReader, type ReadText } from './kustomization-tree.js';

export interface Folder {
  abs: string;
  shown: string;
}

/**
 * The top-level kustomizations (those no other one of `found` lists as a resource or component:
 * a base is rendered through its overlays, not alone) and every file any of them uses (resources,
 * patch files), which must not also be scanned raw: a patch alone is only half an object.
 */
export function planKustomizations(
  found: readonly Folder[],
  read: ReadText,
): { top: Folder[]; used: Set<string> } {
  const reader = new KustomizationReader(read);
  const referenced = new Set<string>();
  const used = new Set<string>();
  for (const f of found) {
    const k = reader.at(f.abs);
    if (!k) continue;
    for (const r of [...k.resources, ...k.components]) {
      if (reader.at(r)) referenced.add(r);
      else used.add(r);
    }
    for (const p of k.patches) if (!p.inline) used.add(p.source.file);
  }
  return { top: found.filter((f) => !referenced.has(f.abs)), used };
}

/** The name a file below a -f folder gets: the folder as given, joined with the path below it. */
export function shownBelow(root: Folder, abs: string): string {
  return join(root.shown, relative(root.abs, abs));
}
