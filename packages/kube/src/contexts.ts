// The contexts a kubeconfig defines, for `--all-contexts` and completion.
import { kubeconfigFiles, readKubeconfigFile } from './load-kubeconfig.js';
import type { ClusterTarget } from './watch-types.js';

/** Every context of the merged kubeconfig (first file wins on a name), in file order. */
export function kubeconfigContexts(target: Pick<ClusterTarget, 'kubeconfig' | 'env'>): string[] {
  const names = new Set<string>();
  for (const file of kubeconfigFiles(target)) {
    for (const c of readKubeconfigFile(file).contexts ?? []) names.add(c.name);
  }
  return [...names];
}
