// Expands -f arguments (files, folders, `-`) into manifest texts, as `kubectl apply -f` does.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, resolve } from 'node:path';
import type { FileInput, InputError } from '@portguard/core';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface CollectOptions {
  recursive: boolean;
  cwd: string;
  readStdin: () => Promise<string>;
}

export interface Collected {
  files: FileInput[];
  errors: InputError[];
}

/**
 * Reads every manifest named by `paths`. A folder yields its .yaml/.yml/.json files (and
 * sub-folders' with `recursive`); a path that cannot be read becomes an error, not an abort.
 */
export async function collectFiles(
  paths: readonly string[],
  options: CollectOptions,
): Promise<Collected> {
  const files: FileInput[] = [];
  const errors: InputError[] = [];
  for (const p of paths) {
    if (p === '-') {
      files.push({ file: '<stdin>', text: await options.readStdin() });
      continue;
    }
    const abs = resolve(options.cwd, p);
    let info;
    try {
      info = await stat(abs);
    } catch (e) {
      errors.push({ file: p, message: describeFsError(e) });
      continue;
    }
    if (info.isDirectory()) {
      await walk(abs, p, options.recursive, files, errors, true);
    } else {
      await readOne(abs, p, files, errors);
    }
  }
  return { files, errors };
}

async function walk(
  abs: string,
  shown: string,
  recursive: boolean,
  files: FileInput[],
  errors: InputError[],
  top: boolean,
): Promise<void> {
  let entries;
  try {
    entries = await readdir(abs, { withFileTypes: true });
  } catch (e) {
    errors.push({ file: shown, message: describeFsError(e) });
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const childAbs = join(abs, entry.name);
    const childShown = join(shown, entry.name);
    if (entry.isDirectory()) {
      if (recursive && !entry.name.startsWith('.') && entry.name !== 'node_modules') {
        await walk(childAbs, childShown, recursive, files, errors, false);
      }
    } else if (
      MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase()) &&
      !entry.name.startsWith('.portguard.')
    ) {
      await readOne(childAbs, childShown, files, errors);
    }
  }
  void top;
}

async function readOne(
  abs: string,
  shown: string,
  files: FileInput[],
  errors: InputError[],
): Promise<void> {
  try {
    const buf = await readFile(abs);
    if (buf.includes(0)) {
      errors.push({ file: shown, line: 1, message: 'binary file, not a manifest' });
      return;
    }
    files.push({ file: shown, text: buf.toString('utf8').replace(/^\uFEFF/, '') });
  } catch (e) {
    errors.push({ file: shown, message: describeFsError(e) });
  }
}

function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return err.message?.split('\n')[0] ?? String(e);
  }
}

export function displayPath(cwd: string, abs: string): string {
  return relative(cwd, abs) || abs;
}

export function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolveText, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer | string) =>
      chunks.push(typeof c === 'string' ? Buffer.from(c) : c),
    );
    stream.on('end', () => resolveText(Buffer.concat(chunks).toString('utf8')));
    stream.on('error', reject);
  });
}
