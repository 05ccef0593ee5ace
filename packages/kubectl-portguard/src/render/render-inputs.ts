// Turns -k folders, --chart and Helm output among -f files into scan inputs with their mappers.
import { resolve } from 'node:path';
import { isHelmOutput, NO_KUSTOMIZE, type FileInput, type InputError } from '@portguard/core';
import { UserError } from '../io.js';
import { STDIN_NAME } from '../input/collect-files.js';
import { helmInput, helmTemplate, NO_HELM, templateFolders, type ChartArgs } from './helm-input.js';
import { kustomizeInput } from './kustomize-input.js';
import type { RenderedInput } from './map-findings.js';

export interface RenderRequest {
  /**
   * Kustomization folders: from -k (`explicit`: without kubectl the scan cannot run), and the
   * top-level ones found under -f folders (without kubectl, an error each, the rest is scanned).
   */
  kustomizations: readonly { abs: string; shown: string; explicit?: boolean }[];
  chart?: ChartArgs;
  /** Chart folders met under -f folders (only when helm is on PATH): default values. */
  charts?: readonly { abs: string; shown: string }[];
  /** The -f files: those that are Helm output get a mapper. */
  files: readonly FileInput[];
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Rendered {
  files: FileInput[];
  inputs: RenderedInput[];
  errors: InputError[];
}

/**
 * Renders every kustomization (one that fails is an error naming its folder; the others go on)
 * and the chart. Without kubectl or kustomize on PATH for -k, or helm for --chart, the scan
 * cannot do what was asked: one line, exit 2.
 */
export async function renderInputs(req: RenderRequest): Promise<Rendered> {
  const out: Rendered = { files: [], inputs: [], errors: [] };
  const seen = new Set<string>();
  for (const k of req.kustomizations) {
    if (seen.has(k.shown)) continue;
    seen.add(k.shown);
    const r = await kustomizeInput(k.abs, k.shown, req.env, req.cwd);
    if (r.ok) {
      out.files.push(r.file);
      out.inputs.push(r.input);
    } else if (k.explicit && r.error.message.endsWith(NO_KUSTOMIZE)) {
      throw new UserError(`${k.shown}: ${NO_KUSTOMIZE}`);
    } else out.errors.push(r.error);
  }
  const charts: ChartArgs[] = [
    ...(req.chart ? [req.chart] : []),
    ...(req.charts ?? []).map((c) => ({ chart: c.shown, values: [], set: [] })),
  ];
  for (const chart of charts) {
    const shown = chart.chart;
    const r = await helmTemplate(chart, req.cwd, req.env);
    if ('error' in r) {
      if (r.error === NO_HELM) throw new UserError(NO_HELM);
      out.errors.push({ file: shown, message: r.error });
    } else {
      out.files.push({ file: shown, text: r.text });
      out.inputs.push(helmInput(shown, r.text, { chart: { abs: resolve(req.cwd, shown), shown } }));
    }
  }
  for (const f of req.files) {
    if (!isHelmOutput(f.text)) continue;
    out.inputs.push(
      helmInput(f.file, f.text, templateFolders(req.cwd, f.file, f.file === STDIN_NAME)),
    );
  }
  return out;
}
