// `kubectl portguard fix -f FILE`: remediated YAML on stdout, a unified diff, or an atomic rewrite.
import { randomBytes } from 'node:crypto';
import { chmod, open, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { createTwoFilesPatch } from 'diff';
import {
  fixText,
  parseManifests,
  parseGatewayRef,
  REMEDIATION_TARGETS,
  resolveConfig,
  type Finding,
  type FixTextResult,
  type GatewayRef,
  type RemediationTarget,
} from '@portguard/core';
import { EXIT, UserError, type MainIO } from '../io.js';
import type { CommandFactory } from '../main.js';
import { describeFsError, MAX_FILE_BYTES, readStream, STDIN_NAME } from '../input/collect-files.js';

export const fixOptions = {
  filename: {
    alias: 'f',
    type: 'string',
    describe: 'The manifest file to fix (- for stdin)',
  },
  kustomize: {
    alias: 'k',
    type: 'string',
    describe: 'A kustomization folder: fix the base or patch file where each value is written',
  },
  to: {
    choices: REMEDIATION_TARGETS,
    default: 'service' as RemediationTarget,
    describe:
      'What replaces a node port: a ClusterIP Service, Service + Ingress, a LoadBalancer, or Service + HTTPRoute',
  },
  gateway: {
    type: 'string',
    describe:
      'The shared Gateway of --to gateway, NAMESPACE/NAME (default: gateway: in .portguard.yaml)',
  },
  write: {
    type: 'boolean',
    default: false,
    describe: 'Rewrite the file in place (atomically, keeping its mode)',
  },
  diff: {
    type: 'boolean',
    default: false,
    describe: 'Print a unified diff instead of the whole file',
  },
  'ingress-class': { type: 'string', describe: 'spec.ingressClassName of a new Ingress' },
  host: { type: 'string', describe: 'Host of a new Ingress (default: <service>.example.com)' },
  config: {
    type: 'string',
    describe: 'Path to .portguard.yaml (default: nearest in this folder or a parent)',
  },
} as const;

export interface FixArgs {
  filename?: string | string[];
  kustomize?: string | string[];
  to: RemediationTarget;
  write: boolean;
  diff: boolean;
  ingressClass?: string;
  host?: string;
  gateway?: string;
  config?: string;
}

export const fixCommand: CommandFactory = (io, done) => (y: Argv) =>
  y.command(
    'fix',
    'Fix the exposures of a manifest file: hostPort/hostNetwork → Service, NodePort → ClusterIP…',
    (b) =>
      b
        .options(fixOptions)
        .example('$0 fix -f web.yaml --diff', 'show what would change')
        .example('$0 fix -f web.yaml --to ingress --write', 'rewrite the file in place')
        .example('$0 fix -f web.yaml --to gateway --gateway infra/shared', 'Service + HTTPRoute'),
    async (argv) => done(await runFix(argv as unknown as FixArgs, io)),
  );

/** Reads the file, fixes it, and prints or writes the result; resolves to the exit code. */
export async function runFix(args: FixArgs, io: MainIO): Promise<number> {
  if (args.kustomize !== undefined) {
    return (await import('../render/kustomize-fix.js')).runKustomizeFix(args, io);
  }
  const names = args.filename === undefined ? [] : [args.filename].flat();
  if (names.length !== 1) {
    throw new UserError(
      names.length === 0
        ? 'name the file to fix with -f FILE'
        : `fix takes one file; got ${names.length} (-f ${names.join(', -f ')})`,
    );
  }
  const shown = names[0] === '-' ? STDIN_NAME : names[0];
  if (args.write && names[0] === '-') throw new UserError('--write needs a file, not stdin (-f -)');
  const input = names[0] === '-' ? await readStream(io.stdin) : await readManifest(io.cwd, shown);
  const bom = input.startsWith('\uFEFF') ? '\uFEFF' : '';
  const text = input.slice(bom.length);
  const parsed = parseManifests(text, shown);
  if (parsed.skipped) throw new UserError(`${shown}: skipped: ${parsed.skipped.reason}`);
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new UserError(
      `${shown}${e.line ? `:${e.line}` : ''}: ${e.message} (fix rewrites only files that parse completely)`,
    );
  }
  const config = resolveConfig(io.cwd, args.config);
  const result = fixText(text, shown, {
    to: args.to,
    ingressClassName: args.ingressClass,
    host: args.host,
    gateway: gatewayOf(args, config.gateway),
    config,
  });
  const changed = result.text !== text;
  if (args.diff) {
    if (changed) {
      io.stdout.write(createTwoFilesPatch(`a/${shown}`, `b/${shown}`, text, result.text));
    }
  } else if (!args.write) {
    io.stdout.write(bom + result.text);
  }
  if (args.write && changed) await writeAtomic(resolve(io.cwd, shown), bom + result.text, shown);
  io.stderr.write(summary(shown, result, args.write && changed));
  return EXIT.OK;
}

/** The shared Gateway: `--gateway`, else the config's; `--to gateway` without one is an error. */
export function gatewayOf(
  args: FixArgs,
  fromConfig: GatewayRef | undefined,
): GatewayRef | undefined {
  if (args.gateway !== undefined) {
    const ref = parseGatewayRef(args.gateway);
    if (typeof ref === 'string') throw new UserError(`--gateway: ${ref}`);
    return ref;
  }
  if (args.to === 'gateway' && !fromConfig)
    throw new UserError(
      '--to gateway needs the shared Gateway the HTTPRoutes attach to: --gateway NAMESPACE/NAME, or gateway: in .portguard.yaml',
    );
  return fromConfig;
}

async function readManifest(cwd: string, shown: string): Promise<string> {
  const abs = resolve(cwd, shown);
  try {
    const info = await stat(abs);
    if (info.isDirectory()) throw new UserError(`${shown}: is a directory; fix takes one file`);
    if (info.size > MAX_FILE_BYTES) throw new UserError(`${shown}: too large for a manifest`);
    const buf = await readFile(abs);
    if (buf.includes(0)) throw new UserError(`${shown}: binary file, not a manifest`);
    return buf.toString('utf8');
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${shown}: ${describeFsError(e)}`);
  }
}

/**
 * Replaces `path` (through a symlink, the file it points to) so a reader sees the old or the new
 * text, never half of it: a temporary file in the same folder, fsync, the original mode, rename.
 */
export async function writeAtomic(path: string, text: string, shown = path): Promise<void> {
  let tmp: string | undefined;
  try {
    const target = await realpath(path);
    const { mode } = await stat(target);
    tmp = join(dirname(target), `.${basename(target)}.portguard-${randomBytes(6).toString('hex')}`);
    const handle = await open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await chmod(tmp, mode & 0o7777);
    await rename(tmp, target);
    tmp = undefined;
  } catch (e) {
    throw new UserError(`${shown}: cannot write: ${describeFsError(e)}`);
  } finally {
    if (tmp) await rm(tmp, { force: true });
  }
}

function where(f: Finding): string {
  const line = f.range ? `:${f.range.start.line}` : '';
  return `${f.rule} ${f.object.kind}/${f.object.name} (${f.file ?? ''}${line})`;
}

/** What was fixed and what was not, and why: one line each, on stderr. */
export function summary(shown: string, result: FixTextResult, wrote: boolean): string {
  const lines: string[] = [];
  for (const f of result.fixed) {
    const fallback = result.fallbacks.get(f);
    lines.push(`fixed: ${where(f)}${fallback ? ` with a Service only (${fallback})` : ''}`);
  }
  for (const f of result.remaining) {
    lines.push(`not fixed: ${where(f)}: ${result.reasons.get(f) ?? 'no automatic fix'}`);
  }
  if (result.fixed.length === 0) lines.push(`nothing to fix in ${shown}`);
  else if (wrote) lines.push(`wrote ${shown}`);
  return lines.map((l) => `${l}\n`).join('');
}
