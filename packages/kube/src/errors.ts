// The one error kind cluster access throws for a problem the user can act on (kubeconfig, network, credentials).

/**
 * A one-line, actionable failure: an unreadable kubeconfig, an unreachable server, rejected
 * credentials. Front ends print its message as it is (the CLI: `error: …`, exit 2); anything else
 * thrown from this package is a bug.
 */
export class ClusterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClusterError';
  }
}
