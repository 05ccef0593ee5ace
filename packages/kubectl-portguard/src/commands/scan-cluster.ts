// `kubectl portguard scan` without -f: scan the live cluster (or the demo one) and print the report.
import type { PortguardConfig } from '@portguard/core';
import { scanLiveCluster, type ClusterTarget } from '@portguard/kube';
import type { MainIO } from '../io.js';
import { progressLine } from '../live/progress.js';
import { printReport, type ScanArgs } from './scan.js';

/** The cluster a scan's flags point at. */
export function targetOf(args: ScanArgs, env: NodeJS.ProcessEnv): ClusterTarget {
  return {
    kubeconfig: args.kubeconfig,
    context: args.context,
    namespace: args.namespace,
    allNamespaces: args.allNamespaces,
    env,
  };
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
    // The API server and its TLS code load only for the demo; without -n the demo is every namespace.
    const { withDemoCluster } = await import('../live/demo-cluster.js');
    return withDemoCluster((kubeconfig) =>
      run({ kubeconfig, namespace: args.namespace, allNamespaces: !args.namespace, env: {} }),
    );
  }
  return run(targetOf(args, io.env));
}
