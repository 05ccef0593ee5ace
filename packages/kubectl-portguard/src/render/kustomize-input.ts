// A kustomization as a scan input: its rendered text plus the mapper back to its source files.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  buildKustomization,
  KustomizeMapper,
  type KubeObject,
  type MappedPlace,
  type PathSegment,
  type ReadText,
} from '@portguard/core';
import { MAX_FILE_BYTES } from '../input/collect-files.js';
import type { RenderedInput } from './map-findings.js';

/** Reads source files for the mappers: a missing, oversized or non-regular file is no text. */
export const readSourceFile: ReadText = (abs) => {
  try {
    const info = statSync(abs);
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(abs, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
};

export type KustomizeInput =
  | {
      ok: true;
      file: { file: string; text: string };
      input: RenderedInput;
      /** The mapper's full answer, with how the value came to be (for `fix -k`). */
      detail: (object: KubeObject, path: readonly PathSegment[]) => MappedPlace & { shown: string };
    }
  | { ok: false; error: { file: string; message: string } };

/**
 * Renders the kustomization in `abs` (named `shown` as the user gave it) and pairs the output
 * with a mapper whose places are named like `-f` names files: `shown` joined with the path
 * below it (`overlays/prod` + `../../base/deploy.yaml` → `base/deploy.yaml`).
 */
export async function kustomizeInput(
  abs: string,
  shown: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  read: ReadText = readSourceFile,
): Promise<KustomizeInput> {
  const built = await buildKustomization(abs, env);
  if ('error' in built) {
    // kustomize names files by absolute path; below the scan's folder, the relative name reads better.
    const message = `kustomize: ${relativeTo(cwd, built.error)}`;
    return { ok: false, error: { file: shown, message } };
  }
  const mapper = new KustomizeMapper({ root: built.root, originBase: built.originBase, read });
  const name = shown;
  const shownOf = (abs: string) => join(shown, relative(built.root, abs));
  return {
    ok: true,
    file: { file: name, text: built.text },
    detail(object, path) {
      const p = mapper.place(object, path);
      return { ...p, shown: shownOf(p.file) };
    },
    input: {
      name,
      rendered: { by: 'kustomize', from: shown },
      place(object, path) {
        const p = mapper.place(object.value, path);
        return {
          file: shownOf(p.file),
          ...(p.range ? { range: p.range } : {}),
        };
      },
    },
  };
}

function relativeTo(cwd: string, message: string): string {
  let real = cwd;
  try {
    real = realpathSync(cwd);
  } catch {
    // the cwd is gone: keep the absolute names
  }
  return [real, cwd].reduce((m, dir) => m.split(`${dir}/`).join(''), message);
}
