// What completes where the command tree has no choices: rule names, kubeconfig contexts, the cluster's namespaces.
import { readFileSync } from 'node:fs';
import type { Candidate, GivenFlags, ValueSource } from './complete.js';

/** How long completion waits for the cluster before it offers nothing (kubectl's TAB must not hang). */
export const CLUSTER_TIMEOUT_MS = 2000;

function last(given: GivenFlags, name: string): string | undefined {
  const v = given[name];
  return v?.[v.length - 1];
}

async function ruleNames(): Promise<Candidate[]> {
  const { rules } = await import('@portguard/core');
  return rules.map((r) => ({ value: r.meta.name, description: r.meta.description }));
}

/** The contexts of the kubeconfig that `--kubeconfig` (typed earlier) or the environment names. */
async function contexts(given: GivenFlags, env: NodeJS.ProcessEnv): Promise<Candidate[]> {
  const { kubeconfigFiles } = await import('@portguard/kube');
  const { parse } = await import('yaml');
  const seen = new Set<string>();
  for (const file of kubeconfigFiles({ kubeconfig: last(given, 'kubeconfig'), env })) {
    const doc = parse(readFileSync(file, 'utf8')) as { contexts?: { name?: string }[] } | null;
    for (const c of doc?.contexts ?? []) if (typeof c?.name === 'string') seen.add(c.name);
  }
  return [...seen].map((value) => ({ value }));
}

/** The namespaces of the cluster of `--context`/`--kubeconfig`, or nothing within the timeout. */
async function namespaces(given: GivenFlags, env: NodeJS.ProcessEnv): Promise<Candidate[]> {
  const { loadKubeconfig, KubeClient } = await import('@portguard/kube');
  const loaded = loadKubeconfig({
    kubeconfig: last(given, 'kubeconfig'),
    context: last(given, 'context'),
    env,
  });
  const client = new KubeClient(loaded, 1);
  const list = (await client.getJson(
    '/api/v1/namespaces',
    AbortSignal.timeout(CLUSTER_TIMEOUT_MS),
  )) as { items?: { metadata?: { name?: string } }[] };
  return (list.items ?? [])
    .map((i) => i.metadata?.name)
    .filter((n): n is string => typeof n === 'string')
    .map((value) => ({ value }));
}

/**
 * The value sources by option or positional name. A source that fails (no kubeconfig, cluster
 * unreachable or slow) offers nothing: completion is silent, never an error on the terminal.
 */
export function valueSources(
  env: NodeJS.ProcessEnv,
  debug: (message: string) => void = () => {},
): ValueSource {
  return async (name, given) => {
    try {
      if (name === 'rule') return await ruleNames();
      if (name === 'context') return await contexts(given, env);
      if (name === 'namespace') return await withinTimeout(namespaces(given, env));
    } catch (e) {
      debug(`completion of ${name}: ${(e as Error).message}`);
      return [];
    }
    return undefined;
  };
}

/** `job`, or a rejection once CLUSTER_TIMEOUT_MS passed (an exec credential plugin can hang too). */
function withinTimeout<T>(job: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the cluster did not answer in time')),
      CLUSTER_TIMEOUT_MS,
    );
    timer.unref();
  });
  return Promise.race([job, timeout]).finally(() => clearTimeout(timer));
}
