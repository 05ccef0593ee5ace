// Lists the manifests of the workspace folders, for conflicts across files and the workspace scan.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
/** Folders that hold dependencies or build output, never a project's manifests. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  'dist',
  'out',
  'vendor',
  'target',
  'bower_components',
]);
/** Beyond these, a folder is not a manifest repository; stop rather than stall the server. */
export const MAX_FILES = 5000;
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export function isManifestPath(path: string): boolean {
  return MANIFEST_EXTENSIONS.has(extname(path).toLowerCase());
}

/** True when a text can hold a Kubernetes object: cheap, to skip package.json and friends. */
export function mayHoldObjects(text: string): boolean {
  return text.includes('apiVersion') && text.includes('kind');
}

/** Paths of manifest files under `folders`, skipping hidden folders and dependencies. */
export async function listManifests(folders: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const queue = [...folders];
  while (queue.length > 0 && out.length < MAX_FILES) {
    const dir = queue.shift()!;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: nothing of ours to report there
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) queue.push(p);
      } else if (e.isFile() && isManifestPath(p)) {
        out.push(p);
        if (out.length >= MAX_FILES) break;
      }
    }
  }
  return out;
}

/** The text of a manifest file, or undefined when it is too big, unreadable, or not a manifest. */
export async function readManifest(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    if (!s.isFile() || s.size > MAX_FILE_BYTES) return undefined;
    const text = await readFile(path, 'utf8');
    return mayHoldObjects(text) ? text : undefined;
  } catch {
    return undefined;
  }
}
