// Maps a finding on a `kustomize build` object back to the file and line where its value is written.
import { isMap, isSeq, parse, type Node } from 'yaml';
import { isAbsolute, resolve } from 'node:path';
import type { KubeObject, PathSegment, SourceRange } from '../types.js';
import { findPair } from '../parse/source-range.js';
import {
  KustomizationReader,
  type Kustomization,
  type Patch,
  type PatchTarget,
  type ReadText,
} from './kustomization-tree.js';
import { isPlainObject, locatePath, pairOffsets, sameValue, valueAt } from './locate-path.js';
import { rangeInText } from './text-range.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/**
 * How the value came to be: written in a base `resource`, set by a `patch` (strategic merge or
 * JSON 6902, in a file or inline), or made by a `generator`, a `transformer` or a `remote` base
 * (where there is no local text to edit: `fix` leaves those alone and says why).
 */
export type RenderedVia = 'resource' | 'patch' | 'generator' | 'transformer' | 'remote';

export interface MappedPlace {
  /** Absolute path of the source file. */
  file: string;
  range?: SourceRange;
  via: RenderedVia;
  patch?: { type: Patch['type']; inline: boolean };
}

export interface KustomizeMapOptions {
  /** Absolute folder of the kustomization that was built. */
  root: string;
  /** Absolute folder the origin annotations' paths are relative to (where buildMetadata was set). */
  originBase: string;
  read: ReadText;
}

interface Origin {
  path?: string;
  repo?: string;
  ref?: string;
  configuredIn?: string;
  configuredBy?: { kind?: string };
}

/**
 * Reads `config.kubernetes.io/origin` (kustomize's `buildMetadata: [originAnnotations]`) of each
 * rendered object, walks the kustomizations from the built one down to the file that declares the
 * resource, and picks the last patch that sets the finding's field to its rendered value; failing
 * that, the resource's own text. One mapper per build: it caches every file it parses.
 */
export class KustomizeMapper {
  private readonly reader: KustomizationReader;
  /** The documents of a resource file of one kind: a build's findings look them up by name. */
  private readonly docsByKind = new Map<
    string,
    { list: { node: Node; name: string }[]; byName: Map<string, { node: Node; name: string }> }
  >();
  private readonly chains = new Map<string, Kustomization[]>();

  constructor(private readonly options: KustomizeMapOptions) {
    this.reader = new KustomizationReader(options.read);
  }

  /** Where the value at `path` of the rendered `object` is written. */
  place(object: KubeObject, path: readonly PathSegment[]): MappedPlace {
    const root = this.reader.at(this.options.root);
    const rootFile = root?.file ?? resolve(this.options.root, 'kustomization.yaml');
    const origin = originOf(object);
    if (origin?.repo) {
      return {
        file: rootFile,
        range: root ? this.keyRange(root, 'resources', origin.repo) : undefined,
        via: 'remote',
      };
    }
    if (!origin?.path) {
      const inFile = origin?.configuredIn
        ? resolve(this.options.originBase, origin.configuredIn)
        : rootFile;
      const k = this.reader.at(resolve(inFile, '..'));
      const key = ['configMapGenerator', 'secretGenerator', 'generators', 'helmCharts'].find(
        (g) => k && findPair(k.doc.contents as Node, g),
      );
      return {
        file: inFile,
        range: k && key ? this.keyRange(k, key) : undefined,
        via: 'generator',
      };
    }
    const resourceFile = resolve(this.options.originBase, origin.path);
    let chain = this.chains.get(resourceFile);
    if (!chain) {
      chain = root ? (this.chainTo(root, resourceFile, new Set()) ?? [root]) : [];
      this.chains.set(resourceFile, chain);
    }
    const resource = this.resourceDoc(resourceFile, object, chain);
    const names = namesThrough(resource?.name, chain, object);
    for (const k of chain) {
      const hit = this.patchSetting(k, object, path, names);
      if (hit) return hit;
    }
    const text = this.reader.yamlFile(resourceFile);
    if (text && resource) {
      const found = locatePath(resource.node, object, path, text.text);
      const want = valueAt(object, object, path);
      if (
        found.offsets &&
        (want === undefined || sameValue(found.value, want) || typeof want === 'object')
      ) {
        return {
          file: resourceFile,
          range: rangeInText(text.fileText, found.offsets),
          via: 'resource',
        };
      }
      const transformer = chain.find((k) =>
        TRANSFORMER_KEYS.some((t) => findPair(k.doc.contents as Node, t)),
      );
      if (transformer) {
        const key = TRANSFORMER_KEYS.find((t) => findPair(transformer.doc.contents as Node, t))!;
        return {
          file: transformer.file,
          range: this.keyRange(transformer, key),
          via: 'transformer',
        };
      }
      return {
        file: resourceFile,
        range: found.nearest ? rangeInText(text.fileText, found.nearest) : undefined,
        via: 'transformer',
      };
    }
    return { file: resourceFile, via: 'resource' };
  }

  /** The kustomizations from `k` down to the one that lists `file` as a resource, outermost first. */
  private chainTo(k: Kustomization, file: string, seen: Set<string>): Kustomization[] | undefined {
    if (seen.has(k.dir)) return undefined;
    seen.add(k.dir);
    for (const r of [...k.resources, ...k.components]) {
      if (!isAbsolute(r)) continue;
      if (r === file) return [k];
      const sub = this.reader.at(r);
      const below = sub && this.chainTo(sub, file, seen);
      if (below) return [k, ...below];
    }
    return undefined;
  }

  /** The document of the resource file that became `object`: same kind, and a name that matches. */
  private resourceDoc(
    file: string,
    object: KubeObject,
    chain: readonly Kustomization[],
  ): { node: Node; name: string } | undefined {
    const key = `${file}\0${String(object.kind)}`;
    let docs = this.docsByKind.get(key);
    if (!docs) {
      const text = this.reader.yamlFile(file);
      if (!text) return undefined;
      const list = text.docs
        .map((d, i) => ({ node: d.contents as Node, value: text.values[i] }))
        .filter((d) => isMap(d.node) && isPlainObject(d.value) && d.value.kind === object.kind)
        .map((d) => ({ node: d.node, name: String((d.value as KubeObject).metadata?.name ?? '') }));
      // By the name each one gets through the chain: the rendered name finds its document.
      const byName = new Map(list.map((c) => [transformedName(c.name, chain), c]));
      docs = { list, byName };
      this.docsByKind.set(key, docs);
    }
    const rendered = String(object.metadata?.name ?? '');
    return (
      docs.byName.get(rendered) ??
      docs.list.find((c) => c.name === rendered) ??
      (docs.list.length === 1 ? docs.list[0] : undefined)
    );
  }

  /** The last patch of `k` (or of its components) that sets `path` to the rendered value. */
  private patchSetting(
    k: Kustomization,
    object: KubeObject,
    path: readonly PathSegment[],
    names: readonly string[],
  ): MappedPlace | undefined {
    const groups: Kustomization[] = [k];
    for (const c of [...k.components].reverse()) {
      const comp = isAbsolute(c) ? this.reader.at(c) : undefined;
      if (comp) groups.push(comp);
    }
    for (const g of groups) {
      for (const patch of [...g.patches].reverse()) {
        const offsets = patchOffsets(patch, object, path, names);
        if (!offsets) continue;
        const src = patch.source;
        const outer: [number, number] = src.exact
          ? [src.outer(offsets[0]), src.outer(offsets[1])]
          : inlineKeyOffsets(src.fileText, src.outer(0));
        return {
          file: src.file,
          range: rangeInText(src.fileText, outer),
          via: 'patch',
          patch: { type: patch.type, inline: patch.inline },
        };
      }
    }
    return undefined;
  }

  /** `key:` of the kustomization (or the item of its list that contains `item`). */
  private keyRange(k: Kustomization, key: string, item?: string): SourceRange | undefined {
    const pair = findPair(k.doc.contents as Node, key);
    if (!pair) return undefined;
    if (item && isSeq(pair.value)) {
      const hit = (pair.value.items as Node[]).find((n) => String(n.toJSON()).includes(item));
      if (hit?.range) return rangeInText(k.text, [hit.range[0], hit.range[1]]);
    }
    const o = pairOffsets(pair as never, k.text);
    return o ? rangeInText(k.text, o) : undefined;
  }
}

/** Transformers that can write any field; `images`, `replicas` and the like cannot make an exposure. */
const TRANSFORMER_KEYS = ['replacements', 'transformers', 'vars'];

/** The origin annotation, parsed; undefined when the object has none. */
export function originOf(object: KubeObject): Origin | undefined {
  const text = object.metadata?.annotations?.[ORIGIN_ANNOTATION];
  if (typeof text !== 'string') return undefined;
  try {
    const v = parse(text) as unknown;
    return isPlainObject(v) ? (v as Origin) : undefined;
  } catch {
    return undefined;
  }
}

/** The name a resource gets through the chain's namePrefix/nameSuffix, innermost first. */
function transformedName(name: string, chain: readonly Kustomization[]): string {
  return [...chain].reverse().reduce((n, k) => `${k.namePrefix}${n}${k.nameSuffix}`, name);
}

/**
 * The object's names as each kustomization of the chain saw it, innermost first: the name
 * written in the resource, then with each level's namePrefix/nameSuffix; the rendered name last.
 */
function namesThrough(
  name: string | undefined,
  chain: readonly Kustomization[],
  object: KubeObject,
): string[] {
  const out: string[] = [];
  if (name !== undefined) {
    let n = name;
    out.push(n);
    for (const k of [...chain].reverse()) {
      n = `${k.namePrefix}${n}${k.nameSuffix}`;
      out.push(n);
    }
  }
  out.push(String(object.metadata?.name ?? ''));
  return out;
}

/** Offsets (in the patch's own text) of the place where `patch` sets `path`, if it does. */
function patchOffsets(
  patch: Patch,
  object: KubeObject,
  path: readonly PathSegment[],
  names: readonly string[],
): [number, number] | undefined {
  if (patch.target && !targetMatches(patch.target, object, names)) return undefined;
  const want = valueAt(object, object, path);
  if (patch.type === 'json6902') {
    for (const doc of patch.source.docs) {
      const ops = doc.contents;
      if (!isSeq(ops)) continue;
      for (const opNode of [...(ops.items as Node[])].reverse()) {
        const op = opNode.toJSON() as unknown;
        if (!isPlainObject(op) || typeof op.path !== 'string') continue;
        if (op.op !== 'add' && op.op !== 'replace') continue;
        const segs = pointerSegments(op.path);
        if (!pointerCovers(segs, path)) continue;
        const rest = path.slice(segs.length);
        const inner = rest.length
          ? valueAt(op.value, valueAt(object, object, path.slice(0, segs.length)), rest)
          : op.value;
        if (
          segs.length <= path.length &&
          (inner === undefined || (typeof want !== 'object' && !sameValue(inner, want)))
        )
          continue;
        const valuePair = findPair(opNode, 'value');
        const o = valuePair ? pairOffsets(valuePair as never, patch.source.text) : undefined;
        if (o) return o;
      }
    }
    return undefined;
  }
  for (const i of smpCandidates(patch, names)) {
    const doc = patch.source.docs[i];
    const node = doc.contents as Node | null;
    if (!isMap(node)) continue;
    const value = patch.source.values[i] as KubeObject;
    if (!patch.target) {
      if (value?.kind !== undefined && value.kind !== object.kind) continue;
      const name = value?.metadata?.name;
      if (name !== undefined && !names.includes(String(name))) continue;
    }
    const found = locatePath(node, object, path, patch.source.text);
    if (!found.offsets) continue;
    if (typeof want !== 'object' && want !== undefined && !sameValue(found.value, want)) continue;
    return found.offsets;
  }
  return undefined;
}

const docsByName = new WeakMap<Patch, Map<string, number[]>>();

/**
 * Indexes of the patch's documents that may apply: all of them for a targeted patch, else those
 * naming one of `names` (or no name): a patch file of 500 objects is not walked 500 times.
 */
function smpCandidates(patch: Patch, names: readonly string[]): number[] {
  const all = patch.source.docs.map((_, i) => i);
  if (patch.target) return all;
  let index = docsByName.get(patch);
  if (!index) {
    index = new Map();
    for (const i of all) {
      const v = patch.source.values[i] as KubeObject | null;
      const n = v?.metadata?.name;
      const key = n === undefined ? '' : String(n);
      index.set(key, [...(index.get(key) ?? []), i]);
    }
    docsByName.set(patch, index);
  }
  const hits = new Set<number>(index.get('') ?? []);
  for (const n of names) for (const i of index.get(n) ?? []) hits.add(i);
  return [...hits].sort((a, b) => a - b);
}

function targetMatches(t: PatchTarget, object: KubeObject, names: readonly string[]): boolean {
  if (t.kind && t.kind !== object.kind) return false;
  const apiVersion = String(object.apiVersion ?? '');
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (t.group !== undefined && t.group !== group) return false;
  if (t.version && t.version !== version) return false;
  if (t.name) {
    let re: RegExp | undefined;
    try {
      re = new RegExp(`^(?:${t.name})$`);
    } catch {
      re = undefined;
    }
    if (!names.some((n) => (re ? re.test(n) : n === t.name))) return false;
  }
  if (t.labelSelector && !selects(t.labelSelector, object.metadata?.labels)) return false;
  if (t.annotationSelector && !selects(t.annotationSelector, object.metadata?.annotations))
    return false;
  return true;
}

/** Equality-based selectors (`app=web,tier!=db,canary`); set-based ones are taken as matching. */
function selects(selector: string, labels: unknown): boolean {
  const l = isPlainObject(labels) ? labels : {};
  return selector.split(',').every((term) => {
    const t = term.trim();
    if (/\s(in|notin)\s/.test(t) || t === '') return true;
    const ne = /^([^!=]+)!=(.*)$/.exec(t);
    if (ne) return String(l[ne[1].trim()] ?? '') !== ne[2].trim();
    const eq = /^([^=]+)==?(.*)$/.exec(t);
    if (eq) return String(l[eq[1].trim()] ?? '\0') === eq[2].trim();
    if (t.startsWith('!')) return !(t.slice(1) in l);
    return t in l;
  });
}

/** `/spec/ports/0/nodePort` → ['spec', 'ports', 0, 'nodePort'] (`~1` is `/`, `~0` is `~`). */
export function pointerSegments(pointer: string): (string | number)[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Whether an op at `segs` writes the field at `path` or something inside it (`-` is any index). */
function pointerCovers(segs: readonly (string | number)[], path: readonly PathSegment[]): boolean {
  const n = Math.min(segs.length, path.length);
  for (let i = 0; i < n; i++) {
    const s = segs[i];
    const p = path[i];
    if (s === '-' && typeof p === 'number') continue;
    if (s !== p) return false;
  }
  return true;
}

/** For a patch that is not a literal block: the `patch:` key it is written under. */
function inlineKeyOffsets(fileText: string, valueStart: number): [number, number] {
  const lineStart = fileText.lastIndexOf('\n', valueStart - 1) + 1;
  const keyAt = fileText.slice(lineStart, valueStart).search(/\S/);
  return [lineStart + Math.max(0, keyAt), valueStart];
}
