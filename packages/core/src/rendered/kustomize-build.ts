// `kubectl kustomize` (or `kustomize build`) of a folder, with kustomize's origin annotations turned on.
import { mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { findExecutable } from './find-executable.js';
import { firstErrorLine, runTool } from './run-tool.js';

export type KustomizeBuild =
  | {
      text: string;
      /** Folder the origin annotations' paths are relative to. */ originBase: string;
      root: string;
    }
  | { error: string };

/** The renderer: the kubectl on PATH (the one that runs the plugin), else `kustomize`. */
export function kustomizeCommand(
  env: NodeJS.ProcessEnv,
): { file: string; args: string[] } | undefined {
  const kubectl = findExecutable('kubectl', env);
  if (kubectl) return { file: kubectl, args: ['kustomize'] };
  const kustomize = findExecutable('kustomize', env);
  return kustomize ? { file: kustomize, args: ['build'] } : undefined;
}

export const NO_KUSTOMIZE = 'rendering a kustomization needs kubectl or kustomize on PATH';

/**
 * Builds `dir` through a temporary kustomization that lists it as its only resource and sets
 * `buildMetadata: [originAnnotations, transformerAnnotations]`: the user's files are never
 * written, and every object says which file it came from. On failure, the folder is built
 * again directly so the error names the user's paths, not the temporary one.
 */
export async function buildKustomization(
  dir: string,
  env: NodeJS.ProcessEnv,
): Promise<KustomizeBuild> {
  const tool = kustomizeCommand(env);
  if (!tool) return { error: NO_KUSTOMIZE };
  let root: string;
  try {
    root = await realpath(dir);
  } catch {
    return { error: 'no such folder' };
  }
  if (!(await stat(root)).isDirectory()) {
    return { error: 'not a folder; -k takes the folder that holds kustomization.yaml' };
  }
  const wrapper = await mkdtemp(join(await realpath(tmpdir()), 'portguard-kustomize-'));
  try {
    const resource = relative(wrapper, root).split('\\').join('/');
    await writeFile(
      join(wrapper, 'kustomization.yaml'),
      `# Written by kubectl-portguard to render ${root} with origin annotations.\n` +
        `resources:\n  - ${JSON.stringify(resource)}\n` +
        'buildMetadata: [originAnnotations, transformerAnnotations]\n',
    );
    const built = await runTool(tool.file, [...tool.args, wrapper], env, root);
    if (built.ok) return { text: built.stdout, originBase: wrapper, root };
    const direct = await runTool(tool.file, [...tool.args, root], env, root);
    return { error: firstErrorLine(direct.ok ? built.stderr : direct.stderr) };
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
}
