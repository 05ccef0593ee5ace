// Helm's rendered output as a scan input: findings go to the `# Source:` template and its line.
import { dirname, join, resolve } from 'node:path';
import {
  findExecutable,
  firstErrorLine,
  helmSourceAt,
  runTool,
  pathInChart,
  rangeInText,
  templateKeyOffsets,
  type ReadText,
} from '@portguard/core';
import { readSourceFile } from './kustomize-input.js';
import type { RenderedInput } from './map-findings.js';

/** Where `# Source:` paths are looked up: a chart folder, or folders the source is relative to. */
export type TemplateRoots =
  | { chart: { abs: string; shown: string } }
  | { folders: readonly { abs: string; shown: string }[] };

/**
 * The mapper of one rendered text (`name` is what the findings' file was). A document without a
 * `# Source:` comment is left alone; one whose template cannot be read names the source path
 * as Helm printed it, without a line.
 */
export function helmInput(
  name: string,
  text: string,
  roots: TemplateRoots,
  read: ReadText = readSourceFile,
): RenderedInput {
  return {
    name,
    rendered: 'chart' in roots ? { by: 'helm', from: roots.chart.shown } : { by: 'helm' },
    place(object, path) {
      const at = object.source?.node.range?.[0];
      if (at === undefined) return undefined;
      const source = helmSourceAt(text, at);
      if (!source) return undefined;
      const candidates =
        'chart' in roots
          ? [
              {
                abs: join(roots.chart.abs, pathInChart(source)),
                shown: join(roots.chart.shown, pathInChart(source)),
              },
            ]
          : roots.folders.map((f) => ({
              abs: resolve(f.abs, source),
              shown: join(f.shown, source),
            }));
      for (const c of candidates) {
        const template = read(c.abs);
        if (template === undefined) continue;
        const offsets = templateKeyOffsets(
          template,
          path,
          object.value,
          ordinalOf(text, source, at),
        );
        return { file: c.shown, ...(offsets ? { range: rangeInText(template, offsets) } : {}) };
      }
      return { file: candidates[0]?.shown ?? source };
    },
  };
}

/** How many documents of the same template come before the one at `offset`. */
function ordinalOf(text: string, source: string, offset: number): number {
  const line = `# Source: ${source}`;
  let n = -1;
  for (const l of text.slice(0, offset).split('\n')) if (l.trimEnd() === line) n++;
  return Math.max(0, n);
}

/** Folders a `-f` input's `# Source:` paths resolve against: the cwd, then the file's own folder. */
export function templateFolders(cwd: string, shown: string, isStdin: boolean): TemplateRoots {
  const folders = [{ abs: cwd, shown: '' }];
  if (!isStdin && dirname(shown) !== '.')
    folders.push({ abs: resolve(cwd, dirname(shown)), shown: dirname(shown) });
  return { folders };
}

export interface ChartArgs {
  chart: string;
  values: readonly string[];
  set: readonly string[];
  release?: string;
  namespace?: string;
}

export const NO_HELM =
  '--chart needs helm on PATH (helm template renders the chart); install helm, or pipe rendered output: helm template … | kubectl portguard scan -f -';

/** Runs `helm template`; resolves to its output, or to kustomize-style one-line error. */
export async function helmTemplate(
  args: ChartArgs,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ text: string } | { error: string }> {
  const helm = findExecutable('helm', env);
  if (!helm) return { error: NO_HELM };
  const argv = [
    'template',
    ...(args.release ? [args.release] : []),
    resolve(cwd, args.chart),
    ...args.values.flatMap((v) => ['--values', v]),
    ...args.set.flatMap((s) => ['--set', s]),
    ...(args.namespace ? ['--namespace', args.namespace] : []),
  ];
  const run = await runTool(helm, argv, env, cwd);
  return run.ok ? { text: run.stdout } : { error: `helm: ${firstErrorLine(run.stderr)}` };
}
