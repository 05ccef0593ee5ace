// `fix -k DIR`: fixes each overlay finding in the base or patch file where its value is written.
import { resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import {
  fixText,
  parseManifests,
  resolveConfig,
  type Finding,
  type FixTextResult,
  type ManifestObject,
  type MappedPlace,
} from '@portguard/core';
import { EXIT, UserError, type MainIO } from '../io.js';
import { gatewayOf, summary, writeAtomic, type FixArgs } from '../commands/fix.js';
import { scanFilesIsolated } from '../input/scan-isolated.js';
import { kustomizeInput, readSourceFile } from './kustomize-input.js';

interface Target {
  abs: string;
  shown: string;
  /** The file is a strategic-merge patch: a fix may edit fields, not add objects. */
  patch: boolean;
  findings: Finding[];
}

interface Outcome {
  target: Target;
  text: string;
  result: FixTextResult;
  refused?: string;
}

/**
 * Renders the kustomization, and for every finding edits the file where the value is written:
 * a base resource (the same fix as `fix -f` on it) or a strategic-merge patch file (where a fix
 * that would add a Service is refused: a patch cannot hold a new object). A value from a JSON 6902
 * op, an inline patch, a generator, a transformer or a remote base gets no fix, with the reason.
 */
export async function runKustomizeFix(args: FixArgs, io: MainIO): Promise<number> {
  const dirs = [args.kustomize ?? []].flat();
  if (dirs.length !== 1) throw new UserError(`fix takes one kustomization; got ${dirs.length}`);
  if (args.filename !== undefined) throw new UserError('fix takes -f FILE or -k DIR, not both');
  const dir = dirs[0];
  const k = await kustomizeInput(resolve(io.cwd, dir), dir, io.env, io.cwd);
  if (!k.ok) throw new UserError(`${k.error.file}: ${k.error.message}`);
  const config = resolveConfig(io.cwd, args.config);
  const scan = scanFilesIsolated([k.file], { config, trustObjectAnnotations: true });
  if (scan.errors.length) throw new UserError(`${dir}: ${scan.errors[0].message}`);
  const objects = new Map(scan.objects.map((o) => [refKey(o.ref), o]));
  const targets = new Map<string, Target>();
  const notFixed: string[] = [];
  for (const f of scan.findings) {
    const object = objects.get(refKey(f.object)) as ManifestObject;
    const place = k.detail(object.value, f.pathSegments);
    const reason = whyNoTextFix(place);
    if (reason) {
      notFixed.push(
        `not fixed: ${f.rule} ${f.object.kind}/${f.object.name} (${at(place)}): ${reason}`,
      );
      continue;
    }
    let t = targets.get(place.file);
    if (!t) {
      t = { abs: place.file, shown: place.shown, patch: place.via === 'patch', findings: [] };
      targets.set(place.file, t);
    }
    t.findings.push(f);
  }
  const outcomes: Outcome[] = [];
  for (const t of targets.values()) outcomes.push(fixTarget(t, args, config));
  const changed = outcomes.filter((o) => !o.refused && o.result.text !== o.text);
  if (args.diff) {
    for (const o of changed) {
      io.stdout.write(
        createTwoFilesPatch(`a/${o.target.shown}`, `b/${o.target.shown}`, o.text, o.result.text),
      );
    }
  } else if (!args.write) {
    for (const o of changed) {
      if (changed.length > 1) io.stdout.write(`# ==> ${o.target.shown} <==\n`);
      io.stdout.write(o.result.text);
    }
  }
  if (args.write)
    for (const o of changed) await writeAtomic(o.target.abs, o.result.text, o.target.shown);
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.refused) {
      for (const f of o.target.findings) {
        lines.push(
          `not fixed: ${f.rule} ${f.object.kind}/${f.object.name} (${o.target.shown}): ${o.refused}`,
        );
      }
      continue;
    }
    // The same lines as `fix -f` on that file: fixed, not fixed and why, wrote.
    lines.push(summary(o.target.shown, o.result, args.write && o.result.text !== o.text).trimEnd());
  }
  lines.push(...notFixed);
  if (changed.length === 0) lines.push(`nothing to fix in ${dir}`);
  io.stderr.write(lines.map((l) => `${l}\n`).join(''));
  return EXIT.OK;
}

function fixTarget(t: Target, args: FixArgs, config: ReturnType<typeof resolveConfig>): Outcome {
  const text = readSourceFile(t.abs) ?? '';
  const empty: FixTextResult = {
    text,
    fixed: [],
    remaining: [],
    reasons: new Map(),
    fallbacks: new Map(),
  };
  const parsed = parseManifests(text, t.shown);
  if (parsed.errors.length > 0 || parsed.skipped) {
    return { target: t, text, result: empty, refused: 'the file does not parse completely' };
  }
  const result = fixText(text, t.shown, {
    to: args.to,
    ingressClassName: args.ingressClass,
    host: args.host,
    gateway: gatewayOf(args, config.gateway),
    config,
  });
  if (t.patch && parseManifests(result.text, t.shown).documents.length > parsed.documents.length) {
    return {
      target: t,
      text,
      result: empty,
      refused:
        "the fix adds a new object (a Service), which a patch file cannot hold; remove the value from the patch and add the Service to the kustomization's resources by hand",
    };
  }
  return { target: t, text, result };
}

/** Why a value has no text that `fix` may edit, or undefined when it has. */
function whyNoTextFix(place: MappedPlace & { shown: string }): string | undefined {
  switch (place.via) {
    case 'generator':
      return 'the object is made by a generator; change what the generator is given';
    case 'transformer':
      return 'the value is set by a transformer (replacements, a transformer plugin…), not written in a file';
    case 'remote':
      return 'the resource comes from a remote base; fix it there';
    case 'patch':
      if (place.patch?.type === 'json6902')
        return 'the value is written by a JSON 6902 op; edit or remove the op by hand';
      if (place.patch?.inline)
        return 'the value is written by an inline patch in the kustomization; edit it by hand';
      return undefined;
    default:
      return undefined;
  }
}

function at(place: MappedPlace & { shown: string }): string {
  return `${place.shown}${place.range ? `:${place.range.start.line}` : ''}`;
}

function refKey(ref: Finding['object']): string {
  return `${ref.apiVersion}\0${ref.kind}\0${ref.namespace ?? ''}\0${ref.name}`;
}
