// The in-cluster configuration of a pod: its ServiceAccount token, CA and namespace, and the API server's address.
import { existsSync, readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { KubeConfig } from './kubeconfig-lite.js';
import { ClusterError } from './errors.js';
import type { LoadedKubeconfig } from './load-kubeconfig.js';

/** Where the kubelet mounts a pod's ServiceAccount. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The configuration `rest.InClusterConfig()` gives a Go controller: `https://$KUBERNETES_SERVICE_HOST:
 * $KUBERNETES_SERVICE_PORT`, the mounted `ca.crt`, and the mounted `token` re-read as the kubelet
 * rotates it (client-node's tokenFile provider). Missing pieces are a one-line ClusterError that
 * says what is missing, never a silent fallback.
 *
 * @example inClusterTarget(process.env) // in a pod
 * @example inClusterTarget(env, '/tmp/sa') // a test's own token, CA and namespace files
 */
export function inClusterTarget(
  env: NodeJS.ProcessEnv = process.env,
  dir: string = SERVICE_ACCOUNT_DIR,
): LoadedKubeconfig {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port)
    throw new ClusterError(
      'not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (pass --kubeconfig)',
    );
  const tokenFile = join(dir, 'token');
  const caFile = join(dir, 'ca.crt');
  for (const f of [tokenFile, caFile])
    if (!existsSync(f))
      throw new ClusterError(
        `in-cluster config: ${f} does not exist (is a ServiceAccount mounted?)`,
      );
  const namespaceFile = join(dir, 'namespace');
  const namespace = existsSync(namespaceFile)
    ? readFileSync(namespaceFile, 'utf8').trim() || 'default'
    : 'default';
  const server = `https://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'in-cluster', server, caFile, skipTLSVerify: false }],
    users: [
      { name: 'service-account', authProvider: { name: 'tokenFile', config: { tokenFile } } },
    ],
    contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'service-account', namespace }],
    currentContext: 'in-cluster',
  });
  let token = '';
  try {
    token = readFileSync(tokenFile, 'utf8').trim();
  } catch (e) {
    throw new ClusterError(
      `in-cluster config: cannot read ${tokenFile} (${(e as NodeJS.ErrnoException).code})`,
    );
  }
  return { kc, context: 'in-cluster', server, namespace, secrets: token ? [token] : [] };
}
