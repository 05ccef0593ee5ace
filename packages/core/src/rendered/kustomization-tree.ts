// Reads a kustomization and the ones it builds on (through a read callback) and lists their patches.
import { dirname, join, resolve } from 'node:path';
import { isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';
import { findPair } from '../parse/source-range.js';
import { embeddedText, type EmbeddedText } from './embedded-text.js';

/** Reads a file by absolute path: its text, or undefined when it does not exist or is a folder. */
export type ReadText = (absPath: string) => string | undefined;

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A parsed YAML text that lives in `file` (or inside it, for an inline patch). */
export interface PatchText {
  /** Absolute path of the file the text is written in. */
  file: string;
  fileText: string;
  /** The YAML text itself: `fileText`, or the string of an inline patch. */
  text: string;
  docs: Document.Parsed[];
  /** Each document as plain data, computed once: every finding of a build looks them up. */
  values: unknown[];
  /** Maps offsets of `docs` into `fileText`. */
  outer: (offset: number) => number;
  exact: boolean;
}

export interface PatchTarget {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/** One patch of a kustomization, in the order kustomize applies them. */
export interface Patch {
  /** `smp`: strategic merge; `json6902`: a list of ops. Decided by the patch's content. */
  type: 'smp' | 'json6902';
  source: PatchText;
  /** True when written inline in the kustomization file. */
  inline: boolean;
  target?: PatchTarget;
}

export interface Kustomization {
  dir: string;
  file: string;
  text: string;
  value: Record<string, unknown>;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** Resources and components, resolved: a file, a folder holding a kustomization, or a URL. */
  resources: string[];
  components: string[];
  patches: Patch[];
  namePrefix: string;
  nameSuffix: string;
}

/** Parses texts once per mapping: many findings point into the same few files. */
export class KustomizationReader {
  private readonly kustomizations = new Map<string, Kustomization | null>();
  private readonly texts = new Map<string, PatchText | null>();

  constructor(readonly read: ReadText) {}

  /** The kustomization of a folder, or undefined when the folder holds none. */
  at(dir: string): Kustomization | undefined {
    const cached = this.kustomizations.get(dir);
    if (cached !== undefined) return cached ?? undefined;
    let found: Kustomization | undefined;
    for (const name of KUSTOMIZATION_FILES) {
      const file = join(dir, name);
      const text = this.read(file);
      if (text === undefined) continue;
      found = this.parse(dir, file, text);
      break;
    }
    this.kustomizations.set(dir, found ?? null);
    return found;
  }

  /** A YAML file by absolute path, parsed, or undefined when it cannot be read. */
  yamlFile(file: string): PatchText | undefined {
    const cached = this.texts.get(file);
    if (cached !== undefined) return cached ?? undefined;
    const text = this.read(file);
    const parsed =
      text === undefined
        ? undefined
        : parseText(file, text, { text, outer: (o) => o, exact: true });
    this.texts.set(file, parsed ?? null);
    return parsed;
  }

  private parse(dir: string, file: string, text: string): Kustomization | undefined {
    const lineCounter = new LineCounter();
    const doc = parseAllDocuments(text, { lineCounter, keepSourceTokens: true })[0] as
      Document.Parsed | undefined;
    if (!doc || !isMap(doc.contents)) return undefined;
    const value = (doc.toJS() ?? {}) as Record<string, unknown>;
    const list = (k: string) =>
      (Array.isArray(value[k]) ? (value[k] as unknown[]) : []).filter(
        (x): x is string => typeof x === 'string',
      );
    const local = (p: string) =>
      /^[a-z][a-z0-9+.-]*:\/\/|^github\.com\//i.test(p) ? p : resolve(dir, p);
    const k: Kustomization = {
      dir,
      file,
      text,
      value,
      doc,
      lineCounter,
      resources: [...list('resources'), ...list('bases')].map(local),
      components: list('components').map(local),
      patches: [],
      namePrefix: typeof value.namePrefix === 'string' ? value.namePrefix : '',
      nameSuffix: typeof value.nameSuffix === 'string' ? value.nameSuffix : '',
    };
    // kustomize's order: patchesStrategicMerge, then patches, then patchesJson6902.
    const root = doc.contents as Node;
    const entries = (key: string): Node[] => {
      const seq = findPair(root, key)?.value;
      return isSeq(seq) ? (seq.items as Node[]) : [];
    };
    for (const item of entries('patchesStrategicMerge')) {
      const v = item.toJSON() as unknown;
      if (typeof v !== 'string') continue;
      // An entry is a file path, or (old style) an inline patch when it holds a newline or a colon.
      const src = /\n|:\s/.test(v) ? this.inline(file, text, item) : this.yamlFile(resolve(dir, v));
      if (src) k.patches.push({ type: 'smp', source: src, inline: /\n|:\s/.test(v) });
    }
    for (const key of ['patches', 'patchesJson6902']) {
      for (const item of entries(key)) {
        if (!isMap(item)) continue;
        const v = item.toJSON() as Record<string, unknown>;
        const target = isMapValue(v.target) ? (v.target as PatchTarget) : undefined;
        let src: PatchText | undefined;
        let inline = false;
        if (typeof v.path === 'string') src = this.yamlFile(resolve(dir, v.path));
        else if (typeof v.patch === 'string') {
          src = this.inline(file, text, findPair(item, 'patch')?.value ?? undefined);
          inline = true;
        }
        if (!src) continue;
        const first = src.docs[0]?.contents;
        const type = isSeq(first) || key === 'patchesJson6902' ? 'json6902' : 'smp';
        k.patches.push({ type, source: src, inline, ...(target ? { target } : {}) });
      }
    }
    return k;
  }

  private inline(file: string, fileText: string, node: Node | undefined): PatchText | undefined {
    const embedded = node ? embeddedText(node, fileText) : undefined;
    return embedded ? parseText(file, fileText, embedded) : undefined;
  }
}

function parseText(file: string, fileText: string, embedded: EmbeddedText): PatchText {
  const parsed = parseAllDocuments(embedded.text, { keepSourceTokens: true });
  const docs = (Array.isArray(parsed) ? parsed : []).filter((d) => d.errors.length === 0);
  return {
    file,
    fileText,
    text: embedded.text,
    docs,
    values: docs.map((d) => d.toJS() as unknown),
    outer: embedded.outer,
    exact: embedded.exact,
  };
}

function isMapValue(v: unknown): boolean {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The kustomization folder a kustomization file is in. */
export function kustomizationDir(file: string): string {
  return dirname(file);
}
