// Cluster state from YAML: multi-document files and `kind: List`, with a file:line error for a bad document.
import { readFileSync } from 'node:fs';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { KubeObject } from './store.js';

/** A state file that cannot be loaded: the message names the file and line. */
export class StateError extends Error {}

/** The objects of a YAML (or JSON) text; `file` names it in errors. */
export function parseState(text: string, file = '<state>'): KubeObject[] {
  const lineCounter = new LineCounter();
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text, { lineCounter })) {
    const line = (offset: number) => lineCounter.linePos(offset).line;
    if (doc.errors.length > 0) {
      const e = doc.errors[0];
      throw new StateError(`${file}:${line(e.pos[0])}: ${e.message.split('\n')[0]}`);
    }
    const value = doc.toJS();
    if (value === null || value === undefined) continue;
    const at = `${file}:${line(doc.contents?.range?.[0] ?? doc.range[0])}`;
    const items: unknown[] =
      value.kind === 'List' || /List$/.test(value.kind ?? '') ? (value.items ?? []) : [value];
    for (const item of items) {
      const o = item as KubeObject;
      if (!o || typeof o !== 'object' || !o.apiVersion || !o.kind || !o.metadata?.name)
        throw new StateError(`${at}: a state object needs apiVersion, kind and metadata.name`);
      objects.push(o);
    }
  }
  return objects;
}

export function readState(file: string): KubeObject[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new StateError(`${file}: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  return parseState(text, file);
}
