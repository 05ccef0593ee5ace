// Wires the Kustomize overlays into the server: render on start and on saves, add their diagnostics.
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { ReadText } from '@portguard/core';
import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node.js';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { KustomizeOverlays } from '../service/kustomize-overlays.js';
import { pathOf, type LanguageService } from '../service/language-service.js';
import { listManifests, MAX_FILE_BYTES } from './workspace-files.js';

export interface OverlayHook {
  /** Re-renders the overlays, then has every open document re-validated. */
  refresh(): void;
  diagnostics(doc: TextDocument): Diagnostic[];
}

/** The server's side of KustomizeOverlays: buffers win over the disk, as for manifests. */
export function overlayHook(
  documents: TextDocuments<TextDocument>,
  service: LanguageService,
  folders: () => readonly string[],
  revalidate: () => void,
  log: (what: string, e: unknown) => void,
): OverlayHook {
  const overlays = new KustomizeOverlays();
  const read: ReadText = (abs) => {
    const open = documents.get(pathToFileURL(abs).href);
    if (open) return open.getText();
    try {
      const info = statSync(abs);
      return info.isFile() && info.size <= MAX_FILE_BYTES ? readFileSync(abs, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    refresh() {
      overlays
        .refresh(() => ({
          folders: folders(),
          files: () => listManifests(folders()),
          configFor: (p) => service.configs.configFor(p).config,
          read,
        }))
        .then(revalidate, (e: unknown) => log('rendering the kustomizations', e));
    },
    diagnostics(doc) {
      return overlays.diagnostics(doc, pathOf(doc.uri), read);
    },
  };
}
