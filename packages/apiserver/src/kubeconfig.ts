// kubeconfig files pointing at a running test server, for one user and namespace.
import { stringify } from 'yaml';

export interface KubeconfigOptions {
  /** The context's default namespace. */
  namespace?: string;
  /** Name of the context, cluster and user entries (default `portguard-test`). */
  name?: string;
  /** Authenticate with a client certificate instead of the token. */
  clientCertificate?: boolean;
  /** Leave the CA out and set `insecure-skip-tls-verify: true`. */
  insecure?: boolean;
  /** Leave the CA out entirely (to test that verification stays on). */
  omitCa?: boolean;
  /** Authenticate through an exec credential plugin: the command and its args. */
  exec?: { command: string; args?: string[]; env?: { name: string; value: string }[] };
}

export interface KubeconfigInput {
  url: string;
  caPem?: string;
  user: string;
  token?: string;
  cert?: { cert: string; key: string };
}

const b64 = (s: string) => Buffer.from(s).toString('base64');

export function renderKubeconfig(input: KubeconfigInput, options: KubeconfigOptions = {}): string {
  const name = options.name ?? 'portguard-test';
  const cluster: Record<string, unknown> = { server: input.url };
  if (input.url.startsWith('https:')) {
    if (options.insecure) cluster['insecure-skip-tls-verify'] = true;
    else if (!options.omitCa && input.caPem)
      cluster['certificate-authority-data'] = b64(input.caPem);
  }
  const user: Record<string, unknown> = {};
  if (options.exec) {
    user.exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      command: options.exec.command,
      args: options.exec.args ?? [],
      env: options.exec.env ?? null,
      interactiveMode: 'Never',
    };
  } else if (options.clientCertificate) {
    if (!input.cert) throw new Error(`user "${input.user}" has no client certificate (HTTPS only)`);
    user['client-certificate-data'] = b64(input.cert.cert);
    user['client-key-data'] = b64(input.cert.key);
  } else if (input.token !== undefined) {
    user.token = input.token;
  }
  const context: Record<string, unknown> = { cluster: name, user: name };
  if (options.namespace) context.namespace = options.namespace;
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user }],
    contexts: [{ name, context }],
    'current-context': name,
    preferences: {},
  });
}
