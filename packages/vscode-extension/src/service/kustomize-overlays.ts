// The workspace's Kustomize overlays, rendered: their findings shown in the base and patch files they come from.
import { realpathSync } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import {
  buildKustomization,
  findRule,
  KUSTOMIZATION_FILES,
  KustomizeMapper,
  parseManifests,
  planKustomizations,
  scanObjects,
  type Finding,
  type ManifestObject,
  type PortguardConfig,
  type ReadText,
  type Severity,
} from '@portguard/core';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SOURCE, type DiagnosticData } from './diagnostics.js';

interface Overlay {
  dir: string;
  /** `prod` for overlays/prod; a longer relative path where two overlays share a folder name. */
  name: string;
  root: string;
  originBase: string;
  findings: { finding: Finding; object: ManifestObject }[];
}

/** What an overlay refresh needs from the server: the workspace, its config, and a file reader. */
export interface OverlayWorkspace {
  folders: readonly string[];
  /** Absolute paths of the workspace's YAML files (kustomization files are picked from them). */
  files: () => Promise<readonly string[]>;
  configFor: (path: string) => PortguardConfig;
  /** Open buffers first, then the disk. */
  read: ReadText;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  high: DiagnosticSeverity.Error,
  medium: DiagnosticSeverity.Warning,
  low: DiagnosticSeverity.Information,
  info: DiagnosticSeverity.Hint,
};

/**
 * Renders every top-level kustomization of the workspace with `kubectl kustomize` (as `scan -k`
 * does) and keeps the findings. Rendering reads the disk, so it is redone when a file is saved or
 * changes on disk; mapping into a file is done at each validation, against the buffer's current
 * text, so the diagnostics follow edits in between. Without kubectl or kustomize there is none.
 */
export class KustomizeOverlays {
  private overlays: Overlay[] = [];
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** Re-renders all overlays; calls made while one runs coalesce into one more run after it. */
  refresh(workspace: () => OverlayWorkspace): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        this.overlays = await this.render(workspace());
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Whether any overlay was rendered (the server re-validates open files when this changes). */
  get count(): number {
    return this.overlays.length;
  }

  /** Diagnostics of the overlays' findings whose value is written in the document's file. */
  diagnostics(doc: TextDocument, filePath: string | undefined, read: ReadText): Diagnostic[] {
    if (!filePath || this.overlays.length === 0) return [];
    const path = realPath(filePath);
    const out: Diagnostic[] = [];
    for (const o of this.overlays) {
      const mapper = new KustomizeMapper({ root: o.root, originBase: o.originBase, read });
      for (const { finding, object } of o.findings) {
        const place = mapper.place(object.value, finding.pathSegments);
        // Only text the user can see written: an edit not saved yet may have taken the value away.
        if (place.file !== path || !place.range) continue;
        if (place.via !== 'resource' && place.via !== 'patch') continue;
        const data: DiagnosticData = {
          rule: finding.rule,
          id: `overlay:${o.name}|${finding.object.kind}|${finding.object.name}|${finding.path}`,
        };
        const d: Diagnostic = {
          range: {
            start: doc.positionAt(place.range.offset[0]),
            end: doc.positionAt(place.range.offset[1]),
          },
          severity: SEVERITY[finding.severity],
          source: SOURCE,
          code: finding.rule,
          message: `in overlay ${o.name}: ${finding.message}`,
          data,
        };
        const rule = findRule(finding.rule);
        if (rule) d.codeDescription = { href: rule.meta.docsUrl };
        out.push(d);
      }
    }
    return out.sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character,
    );
  }

  private async render(ws: OverlayWorkspace): Promise<Overlay[]> {
    const dirs = (await ws.files())
      .filter((f) => KUSTOMIZATION_FILES.includes(basename(f)))
      .map((f) => ({ abs: dirname(f), shown: dirname(f) }));
    if (dirs.length === 0) return [];
    const { top } = planKustomizations(dirs, ws.read);
    const out: Overlay[] = [];
    for (const { abs } of top) {
      const built = await buildKustomization(abs, this.env);
      if ('error' in built) continue; // a broken overlay shows nothing; `scan -k` says why
      const parsed = parseManifests(built.text, abs);
      const { findings } = scanObjects(parsed.objects, {
        config: ws.configFor(`${abs}/kustomization.yaml`),
      });
      const objects = new Map(parsed.objects.map((o) => [refKey(o.ref), o]));
      out.push({
        dir: abs,
        name: basename(abs),
        root: built.root,
        originBase: built.originBase,
        findings: findings.flatMap((finding) => {
          const object = objects.get(refKey(finding.object));
          return object ? [{ finding, object }] : [];
        }),
      });
    }
    for (const o of out) {
      if (out.some((p) => p !== o && p.name === o.name)) {
        const folder = ws.folders.find((f) => o.dir.startsWith(`${f}/`));
        o.name = folder ? relative(folder, o.dir) : o.dir;
      }
    }
    return out;
  }
}

/** Kustomize names files by their real path; an editor may open them through a link. */
function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function refKey(ref: Finding['object']): string {
  return `${ref.apiVersion}\0${ref.kind}\0${ref.namespace ?? ''}\0${ref.name}`;
}
