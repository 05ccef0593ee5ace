// `kubectl portguard scan` without -f: scan the live cluster (or the demo one) and print the report.
import type { PortguardConfig } from '@portguard/core';
import {
  kubeconfigContexts,
  parseRequestTimeout,
  scanFleet,
  scanLiveCluster,
  type ClusterTarget,
} from '@portguard/kube';
import { UserError } from '../io.js';
import type { MainIO } from '../io.js';
import { progressLine } from '../live/progress.js';
import { printReport, type ScanArgs } from './scan.js';

/** The contexts a scan names: `--context` given once or more, or every one with `--all-contexts`. */
export function contextsOf(args: ScanArgs, env: NodeJS.ProcessEnv): string[] {
  if (args.allContexts) {
    const all = kubeconfigContexts({ kubeconfig: args.kubeconfig, env });
    if (all.length === 0) throw new UserError('--all-contexts: the kubeconfig defines no context');
    return all;
  }
  const given = args.context === undefined ? [] : [args.context].flat();
  return [...new Set(given)];
}

/** The cluster a scan's flags point at (one context: the last `--context` given, as kubectl). */
export function targetOf(args: ScanArgs, env: NodeJS.ProcessEnv): ClusterTarget {
  return {
    kubeconfig: args.kubeconfig,
    context: contextsOf(args, env).at(-1),
    namespace: args.namespace,
    allNamespaces: args.allNamespaces,
    as: args.as,
    asGroups: args.asGroup,
    env,
  };
}

/** The live branch of `scan`: prints the report and resolves to the exit code. */
export async function scanCluster(
  args: ScanArgs,
  config: PortguardConfig,
  io: MainIO,
): Promise<number> {
  const requestTimeoutMs =
    args.requestTimeout !== undefined ? parseRequestTimeout(args.requestTimeout) : undefined;
  const run = async (target: ClusterTarget) => {
    const progress = progressLine(io.stderr, 'listing the cluster');
    try {
      const { result, warnings } = await scanLiveCluster(target, {
        config,
        trustObjectAnnotations: args.trustObjectAnnotations,
        requestTimeoutMs,
        onProgress: (n) => progress.update(n),
        // `scan` ends after printing: V8 need not grow its young generation for the listing.
        oneShot: true,
      });
      progress.done();
      return printReport(result, warnings, 'cluster', args, io);
    } finally {
      progress.done();
    }
  };
  if (args.demo) {
    // The API server and its TLS code load only for the demo; without -n the demo is every namespace.
    const { withDemoCluster } = await import('../live/demo-cluster.js');
    return withDemoCluster((kubeconfig) =>
      run({ kubeconfig, namespace: args.namespace, allNamespaces: !args.namespace, env: {} }),
    );
  }
  const contexts = contextsOf(args, io.env);
  if (args.allContexts || contexts.length > 1) return scanClusters(args, contexts, config, io);
  return run(targetOf(args, io.env));
}

/** A fleet: every context scanned on its own, one report with a `cluster` on each finding. */
async function scanClusters(
  args: ScanArgs,
  contexts: string[],
  config: PortguardConfig,
  io: MainIO,
): Promise<number> {
  if (args.demo) throw new UserError('--demo is one cluster; it cannot be combined with --context');
  const progress = progressLine(io.stderr, `listing ${contexts.length} clusters`);
  try {
    const fleet = await scanFleet(
      {
        kubeconfig: args.kubeconfig,
        namespace: args.namespace,
        allNamespaces: args.allNamespaces,
        as: args.as,
        asGroups: args.asGroup,
        env: io.env,
      },
      contexts,
      {
        config,
        trustObjectAnnotations: args.trustObjectAnnotations,
        requestTimeoutMs:
          args.requestTimeout !== undefined ? parseRequestTimeout(args.requestTimeout) : undefined,
        onProgress: (n) => progress.update(n),
      },
    );
    progress.done();
    return printReport(fleet.result, fleet.warnings, 'cluster', args, io, fleet.clusters);
  } finally {
    progress.done();
  }
}
