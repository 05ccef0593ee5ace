// `kubectl portguard scan`: manifests with -f, else the live cluster of the kubeconfig.
import type { Argv } from 'yargs';
import { atLeast, resolveConfig, scanFiles, type ScanResult, type Severity } from '@portguard/core';
import { EXIT, UserError, useColor, type MainIO } from '../io.js';
import type { CommandFactory } from '../main.js';
import { collectFiles, readStream } from '../input/collect-files.js';
import { OUTPUT_FORMATS, reporters, type OutputFormat } from '../reporters/index.js';

export const FAIL_ON = ['high', 'medium', 'low', 'info', 'none'] as const;

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
    describe: 'Scan folders given with -f recursively',
  },
  namespace: { alias: 'n', type: 'string', describe: 'Namespace to scan (live cluster)' },
  'all-namespaces': {
    alias: 'A',
    type: 'boolean',
    default: false,
    describe: 'Scan every namespace (live cluster)',
  },
  context: { type: 'string', describe: 'kubeconfig context to use' },
  kubeconfig: { type: 'string', describe: 'Path to the kubeconfig file' },
  output: {
    alias: 'o',
    choices: OUTPUT_FORMATS,
    default: 'table' as OutputFormat,
    describe: 'Output format',
  },
  'fail-on': {
    choices: FAIL_ON,
    default: 'medium' as (typeof FAIL_ON)[number],
    describe: 'Exit 1 when a finding is at or above this severity',
  },
  config: {
    type: 'string',
    describe: 'Path to .portguard.yaml (default: nearest in this folder or a parent)',
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
  namespace?: string;
  allNamespaces: boolean;
  context?: string;
  kubeconfig?: string;
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
        .example('$0 scan -f deploy/ -R', 'scan every manifest below deploy/')
        .example(
          '$0 scan -A -o sarif > portguard.sarif',
          'scan the whole cluster for code scanning',
        )
        .example('$0 scan --demo', 'scan the built-in demo cluster'),
    async (argv) => done(await runScan(argv as unknown as ScanArgs, io)),
  );

/** Runs a scan and prints its report; resolves to the exit code. */
export async function runScan(args: ScanArgs, io: MainIO): Promise<number> {
  const config = resolveConfig(io.cwd, args.config);
  if (!args.filename?.length) {
    throw new UserError('live cluster scanning is not available yet; scan manifests with -f PATH');
  }
  const collected = await collectFiles(args.filename, {
    recursive: args.recursive,
    cwd: io.cwd,
    readStdin: () => readStream(io.stdin),
  });
  if (collected.files.length === 0 && collected.errors.length > 0) {
    const e = collected.errors[0];
    throw new UserError(`${e.file}: ${e.message}`);
  }
  const result = scanFiles(collected.files, { config, trustObjectAnnotations: true });
  result.errors.unshift(...collected.errors);
  return printReport(result, [], 'files', args, io);
}

/** Writes the report in the chosen format and decides the exit code. */
export function printReport(
  result: ScanResult,
  warnings: string[],
  mode: 'files' | 'cluster',
  args: Pick<ScanArgs, 'output' | 'failOn'>,
  io: MainIO,
): number {
  const reporter = reporters[args.output];
  if (!reporter) throw new UserError(`output format "${args.output}" is not available yet`);
  io.stdout.write(
    reporter({
      result,
      warnings,
      mode,
      color: useColor(io.stdout, io.env),
      columns: io.stdout.columns,
    }),
  );
  if (args.output !== 'table') {
    for (const e of result.errors)
      io.stderr.write(`error: ${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}\n`);
  }
  if (result.errors.length > 0) return EXIT.ERROR;
  return exitCodeFor(result, args.failOn);
}

export function exitCodeFor(result: ScanResult, failOn: (typeof FAIL_ON)[number]): number {
  if (failOn === 'none') return EXIT.OK;
  return result.findings.some((f) => atLeast(f.severity, failOn as Severity))
    ? EXIT.FINDINGS
    : EXIT.OK;
}
