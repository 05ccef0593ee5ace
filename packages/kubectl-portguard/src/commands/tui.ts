// `kubectl portguard tui` (and `scan --tui`): the interactive view of a live cluster.
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { Finding } from '@portguard/core';
import { describeFsError } from '../input/collect-files.js';
import { UserError, type MainIO } from '../io.js';
import type { CommandFactory } from '../main.js';
import { loadScanConfig } from '../input/load-scan-config.js';
import {
  kubeconfigContexts,
  loadKubeconfig,
  watchCluster,
  type ClusterTarget,
} from '@portguard/kube';
import { withDemoCluster } from '../live/demo-cluster.js';
import { clusterOptions } from './cluster-options.js';

export const NOT_A_TERMINAL =
  'the TUI needs a terminal; use kubectl portguard scan for non-interactive output';

export const tuiOptions = {
  namespace: { alias: 'n', type: 'string', requiresArg: true, describe: 'Namespace to watch' },
  'all-namespaces': {
    alias: 'A',
    type: 'boolean',
    default: false,
    describe: 'Watch every namespace',
  },
  ...clusterOptions('Watch'),

  config: { type: 'string', describe: 'Path to .portguard.yaml' },
  'trust-object-annotations': {
    type: 'boolean',
    default: false,
    describe: "Honour portguard.dev/ignore on a live cluster's own objects",
  },
  demo: {
    type: 'boolean',
    default: false,
    describe: 'Open the built-in multi-tenant demo cluster',
  },
  'audit-log': {
    type: 'string',
    array: true,
    requiresArg: true,
    describe:
      'API server audit log (plain or gzip), repeatable: details show who created each object',
  },
} as const;

/** The flags `tui` reads; `scan --tui` passes its own (a superset). */
export interface TuiArgs {
  namespace?: string;
  allNamespaces?: boolean;
  context?: string | string[];
  allContexts?: boolean;
  kubeconfig?: string;
  as?: string;
  asGroup?: string[];
  config?: string;
  trustObjectAnnotations?: boolean;
  demo?: boolean;
  auditLog?: string[];
}

export const tuiCommand: CommandFactory = (io, done) => (y: Argv) =>
  y.command(
    'tui',
    'Browse and fix the exposures of a live cluster interactively (live updates)',
    (b) =>
      b
        .options(tuiOptions)
        .conflicts('namespace', 'all-namespaces')
        .conflicts('context', 'all-contexts')
        .example('$0 tui -A --context prod --context staging', 'watch two clusters, c picks one')
        .example('$0 tui -A', 'watch every namespace of the current context')
        .example('$0 tui --demo', 'open the built-in demo cluster'),
    async (argv) => done(await runTuiCommand(argv as unknown as TuiArgs, io)),
  );

/**
 * Reads the audit logs before the screen is taken over (a file that cannot be read is one line,
 * exit 2): the details pane's "created by … at …" for each finding's object.
 */
async function loadCreatedBy(
  files: string[],
  cwd: string,
): Promise<(finding: Finding) => string | undefined> {
  const { createdByFromAudit, creationText } = await import('../audit/index.js');
  let lookup: Awaited<ReturnType<typeof createdByFromAudit>>;
  try {
    lookup = await createdByFromAudit(files.map((f) => resolve(cwd, f)));
  } catch (e) {
    const path = (e as NodeJS.ErrnoException).path;
    const shown = files.find((f) => path !== undefined && resolve(cwd, f) === path) ?? files[0];
    throw new UserError(`--audit-log ${shown}: ${describeFsError(e)}`);
  }
  return (f) => {
    const c = lookup(f.object);
    return c ? creationText(c) : undefined;
  };
}

/**
 * Checks the terminal, resolves the kubeconfig (its errors are one line, before the screen is
 * taken over), then runs the TUI until `q`. Resolves to 0.
 */
export async function runTuiCommand(args: TuiArgs, io: MainIO): Promise<number> {
  if (io.stdout.isTTY !== true || io.stdin.isTTY !== true) throw new UserError(NOT_A_TERMINAL);
  const config = loadScanConfig(io.cwd, args.config);
  const createdBy = args.auditLog?.length ? await loadCreatedBy(args.auditLog, io.cwd) : undefined;
  const scanOptions = { config, trustObjectAnnotations: args.trustObjectAnnotations === true };
  const open = async (targets: ClusterTarget[]) => {
    // Every kubeconfig error is one line before the screen is taken over.
    const loaded = targets.map((t) => loadKubeconfig(t));
    const scope = targets[0].allNamespaces ? 'all namespaces' : `namespace ${loaded[0].namespace}`;
    // Ink decides at import time: is-in-ci would make it draw only the last frame, and React
    // runs its development build unless told otherwise. Both are wrong on a user's terminal.
    delete process.env.CI;
    delete process.env.CONTINUOUS_INTEGRATION;
    process.env.NODE_ENV ??= 'production';
    const [{ runTui }, { clusterSource }, { fleetSource }] = await Promise.all([
      import('../tui/run-tui.js'),
      import('../tui/cluster-source.js'),
      import('../tui/fleet-source.js'),
    ]);
    const sources = targets.map((t, i) => ({
      context: loaded[i].context,
      source: clusterSource(
        t,
        { context: loaded[i].context, server: loaded[i].server, scope },
        watchCluster,
        { ...scanOptions, clusterName: loaded[i].context },
      ),
    }));
    if (sources.length === 1) return runTui(sources[0].source, io, createdBy);
    const names = sources.map((s) => s.context);
    return runTui(fleetSource(sources, { context: names.join(', '), scope }), io, createdBy);
  };
  if (args.demo) {
    return withDemoCluster((kubeconfig) =>
      open([{ kubeconfig, namespace: args.namespace, allNamespaces: !args.namespace, env: {} }]),
    );
  }
  const contexts = args.allContexts
    ? kubeconfigContexts({ kubeconfig: args.kubeconfig, env: io.env })
    : [...new Set(args.context === undefined ? [] : [args.context].flat())];
  const base = {
    kubeconfig: args.kubeconfig,
    namespace: args.namespace,
    allNamespaces: args.allNamespaces,
    as: args.as,
    asGroups: args.asGroup,
    env: io.env,
  };
  return open(contexts.length === 0 ? [base] : contexts.map((context) => ({ ...base, context })));
}
