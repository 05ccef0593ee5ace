// `kubectl portguard scan` without -f: list the live cluster, fold owned pods, scan, print.
import { scanObjects, summarize, type PortguardConfig, type ScanResult } from '@portguard/core';
import type { MainIO } from '../io.js';
import { printReport, type ScanArgs } from '../commands/scan.js';
import { collapseOwned } from './collapse-owned.js';
import { KubeClient } from './kube-client.js';
import { listCluster } from './list-cluster.js';
import { loadKubeconfig } from './load-kubeconfig.js';
import { progressLine } from './progress.js';
import type { ClusterTarget } from './watch-types.js';

/** The cluster a scan's flags point at; `--demo` without -n means every namespace. */
export function targetOf(args: ScanArgs, env: NodeJS.ProcessEnv): ClusterTarget {
  return {
    kubeconfig: args.kubeconfig,
    context: args.context,
    namespace: args.namespace,
    allNamespaces: args.allNamespaces,
    env,
  };
}

/** Lists and scans the cluster of `target`; the result has no errors (those throw), plus warnings. */
export async function scanLiveCluster(
  target: ClusterTarget,
  options: {
    config: PortguardConfig;
    trustObjectAnnotations: boolean;
    onProgress?: (n: number) => void;
  },
): Promise<{ result: ScanResult; warnings: string[]; server: string; context: string }> {
  const loaded = loadKubeconfig(target);
  const client = new KubeClient(loaded);
  try {
    const listing = await listCluster(client, {
      namespace: target.allNamespaces ? undefined : loaded.namespace,
      fallbackNamespace: loaded.namespace,
      onProgress: options.onProgress,
    });
    const objects = collapseOwned(listing.objects);
    const { findings, suppressed } = scanObjects(objects, {
      config: options.config,
      trustObjectAnnotations: options.trustObjectAnnotations,
    });
    const result: ScanResult = {
      findings,
      suppressed,
      objects,
      errors: [],
      skipped: [],
      summary: summarize(objects.length, findings, suppressed),
    };
    return { result, warnings: listing.warnings, server: loaded.server, context: loaded.context };
  } finally {
    client.close();
  }
}

/** The live branch of `scan`: prints the report and resolves to the exit code. */
export async function scanCluster(
  args: ScanArgs,
  config: PortguardConfig,
  io: MainIO,
): Promise<number> {
  const run = async (target: ClusterTarget) => {
    const progress = progressLine(io.stderr, 'listing the cluster');
    try {
      const { result, warnings } = await scanLiveCluster(target, {
        config,
        trustObjectAnnotations: args.trustObjectAnnotations,
        onProgress: (n) => progress.update(n),
      });
      progress.done();
      return printReport(result, warnings, 'cluster', args, io);
    } finally {
      progress.done();
    }
  };
  if (args.demo) {
    // The API server and its TLS code load only for the demo.
    const { withDemoCluster } = await import('./demo-cluster.js');
    return withDemoCluster((kubeconfig) =>
      run({ kubeconfig, namespace: args.namespace, allNamespaces: !args.namespace, env: {} }),
    );
  }
  return run(targetOf(args, io.env));
}
