// Expands -f arguments (files, folders, `-`) into manifest texts, as `kubectl apply -f` does.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import {
  KUSTOMIZATION_FILES,
  planKustomizations,
  shownBelow,
  type Folder,
  type FileInput,
  type InputError,
  type SkippedFile,
} from '@portguard/core';
import { readSourceFile } from '../render/kustomize-input.js';
import { decodeManifest, stripBom } from './decode-text.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);
const HELM_CHART_FILES = ['Chart.yaml', 'Chart.yml'];
/** Larger files are refused rather than read: no manifest is this big, a hostile file may be. */
export const MAX_FILE_BYTES = 64 * 2 ** 20;
/** The name findings and errors carry for `-f -`. */
export const STDIN_NAME = '<stdin>';
export const HELM_CHART_REASON = 'Helm chart; render it first, e.g. helm template';

export interface CollectOptions {
  recursive: boolean;
  cwd: string;
  /** Bytes are decoded like files (UTF-16 by its BOM, binary and non-UTF-8 refused). */
  readStdin: () => Promise<string | Buffer>;
  /** Helm is on PATH: chart folders are listed in `charts` to render, not skipped. */
  renderCharts?: boolean;
}

export interface Collected {
  files: FileInput[];
  errors: InputError[];
  /** Folders not scanned on purpose: Helm charts (their templates are not YAML yet). */
  skipped: SkippedFile[];
  /** Top-level kustomization folders met in -f folders: rendered, not read raw. */
  kustomizations: Folder[];
  /** Helm chart folders met in -f folders, when helm is there to render them. */
  charts: Folder[];
}

/**
 * Reads every manifest named by `paths`. A folder yields its .yaml/.yml/.json files (and
 * sub-folders' with `recursive`); a folder holding a Chart.yaml is a Helm chart, skipped whole;
 * a path that cannot be read becomes an error, not an abort.
 */
export async function collectFiles(
  paths: readonly string[],
  options: CollectOptions,
): Promise<Collected> {
  const out: Collected = { files: [], errors: [], skipped: [], kustomizations: [], charts: [] };
  let stdinRead = false;
  for (const p of paths) {
    if (p === '-') {
      if (stdinRead) {
        out.errors.push({ file: STDIN_NAME, message: 'stdin (-) can be given only once' });
        continue;
      }
      stdinRead = true;
      const input = await options.readStdin();
      if (typeof input === 'string') out.files.push({ file: STDIN_NAME, text: stripBom(input) });
      else pushDecoded(STDIN_NAME, input, out);
      continue;
    }
    if (/^https?:\/\//i.test(p)) {
      // kubectl apply -f reads URLs; a scanner that fetches would need network access it may lack.
      out.errors.push({
        file: p,
        message:
          'URLs are not read; pipe the manifest in: curl -sL URL | kubectl portguard scan -f -',
      });
      continue;
    }
    if (p.trim() === '') {
      out.errors.push({ file: '""', message: 'empty path given with -f' });
      continue;
    }
    const abs = resolve(options.cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch (e) {
      out.errors.push({ file: p, message: describeFsError(e) });
      continue;
    }
    if (info.isDirectory()) {
      const before =
        out.files.length + out.errors.length + out.skipped.length + out.kustomizations.length;
      const firstFile = out.files.length;
      const found: Folder[] = [];
      const hasSubfolders = await walk(abs, p, options, out, found);
      if (found.length) {
        const plan = planKustomizations(found, readSourceFile);
        const used = new Set([...plan.used].map((u) => shownBelow({ abs, shown: p }, u)));
        const mine = out.files.splice(firstFile);
        out.files.push(...mine.filter((f) => !used.has(f.file)));
        out.kustomizations.push(...plan.top);
      }
      if (
        out.files.length +
          out.errors.length +
          out.skipped.length +
          out.kustomizations.length +
          out.charts.length ===
        before
      ) {
        out.errors.push({
          file: p,
          message: `no .yaml, .yml or .json files in this folder${hasSubfolders && !options.recursive ? ' (use -R to scan its sub-folders)' : ''}`,
        });
      }
    } else {
      await readOne(abs, p, out);
    }
  }
  return out;
}

/**
 * Reads a folder's manifests in name order (sub-folders too with `recursive`, except hidden ones
 * and node_modules); resolves to whether it has sub-folders, so an empty result can say -R.
 * Symbolic links to folders are not followed: a link cycle cannot loop.
 */
async function walk(
  abs: string,
  shown: string,
  options: Pick<CollectOptions, 'recursive' | 'renderCharts'>,
  out: Collected,
  kustomizations: Folder[],
): Promise<boolean> {
  const { recursive } = options;
  let entries;
  try {
    entries = await readdir(abs, { withFileTypes: true });
  } catch (e) {
    out.errors.push({ file: shown, message: describeFsError(e) });
    return false;
  }
  if (entries.some((e) => HELM_CHART_FILES.includes(e.name))) {
    // Chart.yaml and values.yaml are not manifests and templates/ is not YAML before rendering.
    if (options.renderCharts) out.charts.push({ abs, shown });
    else out.skipped.push({ file: shown, reason: HELM_CHART_REASON });
    return false;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A kustomization's folder is rendered through kustomize: its own files are not manifests alone.
  const isKustomization = entries.some(
    (e) => KUSTOMIZATION_FILES.includes(e.name) && !e.isDirectory(),
  );
  if (isKustomization) kustomizations.push({ abs, shown });
  let hasSubfolders = false;
  for (const entry of entries) {
    const childAbs = join(abs, entry.name);
    const childShown = join(shown, entry.name);
    if (entry.isDirectory()) {
      hasSubfolders = true;
      if (recursive && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        await walk(childAbs, childShown, options, out, kustomizations);
      }
    } else if (
      !isKustomization &&
      MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase()) &&
      !entry.name.startsWith('.portguard.') &&
      (await isRegularFile(childAbs))
    ) {
      // A FIFO or socket named *.yaml inside a folder would block the read forever: skipped.
      await readOne(childAbs, childShown, out);
    }
  }
  return hasSubfolders;
}

async function isRegularFile(abs: string): Promise<boolean> {
  try {
    return (await stat(abs)).isFile();
  } catch {
    return true; // a dangling link: readOne reports why it cannot be read
  }
}

async function readOne(abs: string, shown: string, out: Collected): Promise<void> {
  try {
    const info = await stat(abs);
    if (info.isFile() && info.size > MAX_FILE_BYTES) {
      out.errors.push({
        file: shown,
        message: `file too large (${Math.ceil(info.size / 2 ** 20)} MiB; the limit is ${MAX_FILE_BYTES / 2 ** 20} MiB)`,
      });
      return;
    }
    pushDecoded(shown, await readFile(abs), out);
  } catch (e) {
    out.errors.push({ file: shown, message: describeFsError(e) });
  }
}

function pushDecoded(file: string, buf: Buffer, out: Collected): void {
  const decoded = decodeManifest(buf);
  if ('text' in decoded) out.files.push({ file, text: decoded.text });
  else out.errors.push({ file, line: decoded.line, message: decoded.error });
}

export function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory (a file stands in the path)';
    case 'ELOOP':
      return 'too many levels of symbolic links (a link cycle?)';
    case 'ENAMETOOLONG':
      return 'file name too long';
    default:
      return err.message?.split('\n')[0] ?? String(e);
  }
}

/** All of a stream's bytes (stdin for `-f -`). */
export function readStreamBytes(stream: NodeJS.ReadableStream): Promise<Buffer> {
  return new Promise((resolveBytes, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) =>
      chunks.push(typeof c === 'string' ? Buffer.from(c) : c),
    );
    stream.on('end', () => resolveBytes(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** All of a stream's text, as UTF-8. */
export async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  return (await readStreamBytes(stream)).toString('utf8');
}
