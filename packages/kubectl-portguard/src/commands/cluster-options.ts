// The kubectl-style options that choose the clusters and identity, shared by scan and tui.

/** `--context` (repeatable), `--all-contexts`, `--kubeconfig`, `--as`, `--as-group`, worded for `verb`. */
export function clusterOptions(verb: 'Scan' | 'Watch') {
  return {
    context: {
      type: 'string',
      requiresArg: true,
      describe: `kubeconfig context to use; repeat it to ${verb.toLowerCase()} several clusters`,
    },
    'all-contexts': {
      type: 'boolean',
      // No default: yargs counts a defaulted flag in .conflicts().
      describe: `${verb} the cluster of every context in the kubeconfig`,
    },
    kubeconfig: { type: 'string', requiresArg: true, describe: 'Path to the kubeconfig file' },
    as: { type: 'string', requiresArg: true, describe: 'User to impersonate (as kubectl --as)' },
    'as-group': {
      type: 'string',
      array: true,
      requiresArg: true,
      describe: 'Group to impersonate, repeatable (as kubectl --as-group)',
    },
  } as const;
}
