// kubeconfig loading as kubectl does it: --kubeconfig, else $KUBECONFIG merged first-wins, else ~/.kube/config.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from './kubeconfig-lite.js';
import { ClusterError } from './errors.js';
import { inClusterTarget } from './in-cluster.js';
import { proxyFromEnv } from './proxy-from-env.js';
import type { ClusterTarget } from './watch-types.js';

/** The kubeconfig resolved to one context: what the client needs, and what messages may name. */
export interface LoadedKubeconfig {
  kc: KubeConfig;
  context: string;
  /** The API server URL (safe to print: no credentials). */
  server: string;
  /** The namespace to scan without -A: -n, else the context's, else `default`. */
  namespace: string;
  /** Every credential string in the merged file, so error messages can be scrubbed of them. */
  secrets: string[];
  /** The proxy requests go through (kubeconfig `proxy-url`, else HTTPS_PROXY…), if any. */
  proxyUrl?: string;
  /** `--as` / `--as-group` (or the kubeconfig's `as`): the Impersonate-* headers to send. */
  impersonate?: { user?: string; groups?: string[] };
}

/** The files kubectl would read, in its order; missing $KUBECONFIG entries are skipped as kubectl does. */
export function kubeconfigFiles(target: ClusterTarget): string[] {
  const env = target.env ?? process.env;
  if (target.kubeconfig) {
    if (!existsSync(target.kubeconfig))
      throw new ClusterError(`kubeconfig file ${target.kubeconfig} does not exist`);
    return [target.kubeconfig];
  }
  if (env.KUBECONFIG) {
    const files = env.KUBECONFIG.split(delimiter).filter((f) => f !== '' && existsSync(f));
    if (files.length > 0) return files;
  }
  const home = env.HOME ?? homedir();
  const def = join(home, '.kube', 'config');
  if (existsSync(def)) return [def];
  // Never fall back to http://localhost:8080 as loadFromDefault() does: say what is missing.
  throw new ClusterError(
    `no kubeconfig found: pass --kubeconfig FILE, set $KUBECONFIG or create ${def} (or try --demo)`,
  );
}

/** One kubeconfig file, parsed; a broken file is a ClusterError naming its line, never its text. */
export function readKubeconfigFile(file: string): KubeConfig {
  const kc = new KubeConfig();
  try {
    kc.loadFromFile(file);
  } catch (e) {
    // js-yaml's message quotes the file's text, which may hold a token: keep only line and reason.
    const err = e as { mark?: { line: number }; reason?: string; message?: string; code?: string };
    if (err.mark) throw new ClusterError(`kubeconfig ${file}:${err.mark.line + 1}: ${err.reason}`);
    if (err.code) throw new ClusterError(`kubeconfig ${file}: cannot read it (${err.code})`);
    throw new ClusterError(`kubeconfig ${file}: ${String(err.message).split('\n')[0]}`);
  }
  return kc;
}

function firstWins<T extends { name: string }>(lists: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const list of lists)
    for (const item of list ?? []) if (!seen.has(item.name)) seen.set(item.name, item);
  return [...seen.values()];
}

/** Loads, merges and resolves the kubeconfig for `target`; every failure is a one-line ClusterError. */
export function loadKubeconfig(target: ClusterTarget): LoadedKubeconfig {
  if (target.inCluster)
    return inClusterTarget(
      target.env,
      typeof target.inCluster === 'string' ? target.inCluster : undefined,
    );
  const configs = kubeconfigFiles(target).map(readKubeconfigFile);
  const contexts = firstWins<Context>(configs.map((c) => c.contexts));
  const clusters = firstWins<Cluster>(configs.map((c) => c.clusters));
  const users = firstWins<User>(configs.map((c) => c.users));
  const current = target.context ?? configs.map((c) => c.currentContext).find((c) => !!c);
  if (!current) {
    const names = contexts.map((c) => c.name).join(', ') || 'none';
    throw new ClusterError(
      `the kubeconfig has no current-context; pass --context (contexts: ${names})`,
    );
  }
  const ctx = contexts.find((c) => c.name === current);
  if (!ctx) throw new ClusterError(`context "${current}" is not in the kubeconfig`);
  const cluster = clusters.find((c) => c.name === ctx.cluster);
  if (!cluster)
    throw new ClusterError(
      `context "${current}" names cluster "${ctx.cluster}", which the kubeconfig does not define`,
    );
  if (ctx.user && !users.some((u) => u.name === ctx.user))
    throw new ClusterError(
      `context "${current}" names user "${ctx.user}", which the kubeconfig does not define`,
    );
  // client-node refuses plain-HTTP servers unless TLS checks are off; for http:// there is no TLS to check.
  const proxyUrl = cluster.proxyUrl || proxyFromEnv(cluster.server, target.env ?? process.env);
  const effective = {
    ...cluster,
    ...(cluster.server.startsWith('http:') ? { skipTLSVerify: true } : {}),
    ...(proxyUrl ? { proxyUrl } : {}),
  };
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: clusters.map((c) => (c === cluster ? effective : c)),
    users,
    contexts,
    currentContext: current,
  });
  const secrets: string[] = [];
  for (const u of users) {
    for (const v of [u.token, u.password, u.keyData, u.certData]) if (v) secrets.push(v);
    const tokenFile = (u as { tokenFile?: string }).tokenFile;
    try {
      if (tokenFile) secrets.push(readFileSync(tokenFile, 'utf8').trim());
    } catch {
      // unreadable: the first request says so, naming the file
    }
  }
  // A proxy URL may carry a user and password.
  if (proxyUrl) {
    const p = new URL(proxyUrl);
    for (const v of [p.password, p.username]) if (v) secrets.push(decodeURIComponent(v));
  }
  const user = users.find((u) => u.name === ctx.user);
  const asUser = target.as ?? user?.impersonateUser ?? undefined;
  const impersonate =
    asUser || target.asGroups?.length ? { user: asUser, groups: target.asGroups } : undefined;
  return {
    kc,
    context: current,
    server: cluster.server,
    namespace: target.namespace ?? ctx.namespace ?? 'default',
    secrets,
    proxyUrl,
    impersonate,
  };
}
