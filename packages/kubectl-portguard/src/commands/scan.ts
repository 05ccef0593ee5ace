// `kubectl portguard scan`: manifests with -f, kustomizations (-k), a chart (--chart), else the live cluster.
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import {
  findExecutable,
  atLeast,
  type InputError,
  type PortguardConfig,
  type ScanResult,
  type Severity,
} from '@portguard/core';
import type { ClusterOutcome } from '@portguard/kube';
import { EXIT, UserError, useColor, type MainIO } from '../io.js';
import type { CommandFactory } from '../main.js';
import { collectFiles, readStreamBytes } from '../input/collect-files.js';
import { loadScanConfig } from '../input/load-scan-config.js';
import { scanFilesIsolated } from '../input/scan-isolated.js';
import { mapRenderedFindings } from '../render/map-findings.js';
import { renderInputs } from '../render/render-inputs.js';
import { OUTPUT_FORMATS, reporters, type OutputFormat } from '../reporters/index.js';
import { printable } from '../reporters/printable.js';
import { clusterOptions } from './cluster-options.js';

export const FAIL_ON = ['high', 'medium', 'low', 'info', 'none'] as const;

const STDIN_IS_TERMINAL =
  '-f - reads manifests from stdin, but stdin is a terminal: pipe them in (helm template x | kubectl portguard scan -f -) or name the files';

export const scanOptions = {
  filename: {
    alias: 'f',
    type: 'string',
    array: true,
    describe: 'File, folder or - (stdin) to scan; repeatable',
  },
  recursive: {
    alias: 'R',
    type: 'boolean',
    default: false,
    describe: 'Scan folders given with -f recursively (rendering the kustomizations found)',
  },
  kustomize: {
    alias: 'k',
    type: 'string',
    array: true,
    requiresArg: true,
    describe: 'Kustomization folder to render (kubectl kustomize) and scan; repeatable',
  },
  chart: {
    type: 'string',
    requiresArg: true,
    describe: 'Helm chart folder to render (helm template) and scan',
  },
  values: {
    type: 'string',
    array: true,
    requiresArg: true,
    describe: 'Values file for --chart; repeatable',
  },
  set: {
    type: 'string',
    array: true,
    requiresArg: true,
    describe: 'K=V value for --chart; repeatable',
  },
  release: {
    type: 'string',
    requiresArg: true,
    describe: "Release name for --chart (default: helm's)",
  },
  namespace: {
    alias: 'n',
    type: 'string',
    requiresArg: true,
    describe: 'Namespace to scan (live cluster); with --chart, the release namespace',
  },
  'all-namespaces': {
    alias: 'A',
    type: 'boolean',
    // No default: yargs counts a defaulted flag in .conflicts(), so `-n X` alone would be refused.
    describe: 'Scan every namespace (live cluster)',
  },
  ...clusterOptions('Scan'),

  'request-timeout': {
    type: 'string',
    requiresArg: true,
    describe:
      'Give up on one server request after this long (5s, 1m; 0: never); the whole scan after 2m or this',
  },
  output: {
    alias: 'o',
    requiresArg: true,
    choices: OUTPUT_FORMATS,
    default: 'table' as OutputFormat,
    describe: 'Output format',
  },
  'fail-on': {
    requiresArg: true,
    choices: FAIL_ON,
    default: 'medium' as (typeof FAIL_ON)[number],
    describe: 'Exit 1 when a finding is at or above this severity',
  },
  config: {
    type: 'string',
    requiresArg: true,
    describe: 'Config file (default: the nearest .portguard.yaml)',
  },
  'trust-object-annotations': {
    type: 'boolean',
    default: false,
    describe: "Honour portguard.dev/ignore on a live cluster's own objects",
  },
  tui: {
    type: 'boolean',
    default: false,
    describe: 'Open the interactive TUI instead of printing',
  },
  demo: {
    type: 'boolean',
    default: false,
    describe: 'Scan the built-in multi-tenant demo cluster',
  },
} as const;

export interface ScanArgs {
  filename?: string[];
  recursive: boolean;
  kustomize?: string[];
  chart?: string;
  values?: string[];
  set?: string[];
  release?: string;
  namespace?: string;
  allNamespaces?: boolean;
  /** One context, or several (`--context a --context b`): a fleet scan. */
  context?: string | string[];
  allContexts?: boolean;
  kubeconfig?: string;
  as?: string;
  asGroup?: string[];
  requestTimeout?: string;
  output: OutputFormat;
  failOn: (typeof FAIL_ON)[number];
  config?: string;
  trustObjectAnnotations: boolean;
  tui: boolean;
  demo: boolean;
}

export const scanCommand: CommandFactory = (io, done) => (y: Argv) =>
  y.command(
    'scan',
    'Scan manifests (-f) or a live cluster for exposures',
    (b) =>
      b
        .options(scanOptions)
        .conflicts('namespace', 'all-namespaces')
        .conflicts('context', 'all-contexts')
        .example('$0 scan -f deploy/ -R', 'scan every manifest below deploy/')
        .example('$0 scan -k overlays/prod', 'render a kustomization and scan it')
        .example('$0 scan -f - -o json < all.yaml', 'scan manifests piped on stdin')
        .example('$0 scan -A -o sarif > out.sarif', 'scan the cluster for code scanning')
        .example('$0 scan -A --context prod --context staging', 'scan two clusters in one report')
        .example('$0 scan --demo', 'scan the built-in demo cluster'),
    async (argv) => done(await runScan(argv as unknown as ScanArgs, io)),
  );

/** Runs a scan and prints its report; resolves to the exit code. */
export async function runScan(args: ScanArgs, io: MainIO): Promise<number> {
  if (args.tui) return (await import('./tui.js')).runTuiCommand(args, io); // Ink only when asked
  // yargs' requiresArg would refuse `-f -`; an empty -f is caught here instead.
  if (args.filename?.length === 0) throw new UserError('flag -f needs a value');
  const config = loadScanConfig(io.cwd, args.config);
  if ((args.values?.length || args.set?.length || args.release) && !args.chart) {
    throw new UserError('--values, --set and --release go with --chart DIR');
  }
  if (!args.filename?.length && !args.kustomize?.length && !args.chart) {
    // Loaded on demand: @kubernetes/client-node alone costs ~1 s of start-up that -f never needs.
    const { scanCluster } = await import('./scan-cluster.js');
    return scanCluster(args, config, io);
  }
  return scanManifests(args, config, io);
}

/** `scan -f …`: reads every file, scans them together (conflicts span files), prints the report. */
export async function scanManifests(
  args: ScanArgs,
  config: PortguardConfig,
  io: MainIO,
): Promise<number> {
  const filenames = args.filename ?? [];
  if (filenames.filter((f) => f === '-').length > 1) {
    throw new UserError('stdin (-) can be given only once');
  }
  // Nothing is piped in: waiting for it would look like a hang.
  if (filenames.includes('-') && io.stdin.isTTY === true) throw new UserError(STDIN_IS_TERMINAL);
  const collected = await collectFiles(filenames, {
    recursive: args.recursive,
    cwd: io.cwd,
    readStdin: () => readStreamBytes(io.stdin),
    renderCharts: findExecutable('helm', io.env) !== undefined,
  });
  const rendered = await renderInputs({
    charts: collected.charts,
    kustomizations: [
      ...(args.kustomize ?? []).map((k) => ({ abs: resolve(io.cwd, k), shown: k, explicit: true })),
      ...collected.kustomizations,
    ],
    chart: args.chart
      ? {
          chart: args.chart,
          values: args.values ?? [],
          set: args.set ?? [],
          release: args.release,
          namespace: args.namespace,
        }
      : undefined,
    files: collected.files,
    cwd: io.cwd,
    env: io.env,
  });
  collected.files.push(...rendered.files);
  collected.errors.push(...rendered.errors);
  if (collected.files.length + collected.skipped.length === 0 && collected.errors.length > 0) {
    // Nothing readable at all: the one-line errors are the whole answer.
    writeErrors(collected.errors, io);
    return EXIT.ERROR;
  }
  const result = scanFilesIsolated(collected.files, {
    config,
    trustObjectAnnotations: true,
    defaultNamespace: args.namespace,
  });
  mapRenderedFindings(result, rendered.inputs);
  result.skipped = [...collected.skipped, ...result.skipped].sort((a, b) => cmp(a.file, b.file));
  // Errors in file order, as the findings are: reading errors and parse errors interleaved.
  result.errors = [...collected.errors, ...result.errors]
    .map((e, i) => ({ e, i }))
    .sort((a, b) => cmp(a.e.file, b.e.file) || (a.e.line ?? 0) - (b.e.line ?? 0) || a.i - b.i)
    .map(({ e }) => e);
  return printReport(result, [], 'files', args, io);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Writes the report in the chosen format on stdout and each input error as one line on stderr,
 * then decides the exit code: 2 when any input could not be read (the report still shows what
 * could; for a fleet of `clusters`, when none could be scanned), else 1 when a finding reaches
 * `--fail-on`, else 0.
 */
export function printReport(
  result: ScanResult,
  warnings: string[],
  mode: 'files' | 'cluster',
  args: Pick<ScanArgs, 'output' | 'failOn'>,
  io: MainIO,
  clusters?: readonly ClusterOutcome[],
): number {
  const reporter = reporters[args.output];
  if (!reporter) throw new UserError(`unknown output format "${args.output}"`);
  io.stdout.write(
    reporter({
      result,
      warnings,
      mode,
      color: useColor(io.stdout, io.env),
      columns: io.stdout.columns,
      cwd: io.cwd,
      clusters,
    }),
  );
  writeErrors(result.errors, io);
  // A fleet fails only when no cluster could be scanned; an unreachable one is in `errors`.
  if (clusters ? !clusters.some((c) => c.ok) : result.errors.length > 0) return EXIT.ERROR;
  return exitCodeFor(result, args.failOn);
}

/** `error: deploy/web.yaml:12:3: duplicate key "ports"`, one line per input error. */
export function writeErrors(errors: readonly InputError[], io: MainIO): void {
  for (const e of errors) io.stderr.write(`error: ${printable(formatInputError(e))}\n`);
}

export function formatInputError(e: InputError): string {
  const at =
    e.line !== undefined ? `:${e.line}${e.column !== undefined ? `:${e.column}` : ''}` : '';
  return `${e.file}${at}: ${e.message}`;
}

/** Exit 1 when a finding is at or above `failOn` (never with `none`), else 0. */
export function exitCodeFor(result: ScanResult, failOn: (typeof FAIL_ON)[number]): number {
  if (failOn === 'none') return EXIT.OK;
  return result.findings.some((f) => atLeast(f.severity, failOn as Severity))
    ? EXIT.FINDINGS
    : EXIT.OK;
}
