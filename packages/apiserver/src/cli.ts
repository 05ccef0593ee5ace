// `portguard-apiserver`: serve a state file (or the demo cluster) for manual use with kubectl.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoState } from './demo.js';
import { startApiServer, type ApiServer } from './server.js';
import { readState } from './state.js';

const USAGE = `usage: portguard-apiserver (--state FILE.yaml | --demo) [--https] [--port N] [--token T] [--kubeconfig-out FILE]
                           [--audit-log-path FILE [--audit-level Metadata|Request|RequestResponse]]
                           [--webhook-service NAMESPACE/NAME=https://HOST:PORT]...
Serves the objects of FILE.yaml as a Kubernetes API on 127.0.0.1 and writes a kubeconfig for it.
--webhook-service: where an admission webhook's clientConfig.service is reached (its certificate
must still be valid for NAME.NAMESPACE.svc); other service references resolve to the Service's clusterIP.`;

/** `portguard/portguard=https://127.0.0.1:8443` → the service key and the URL, or a one-line error. */
export function parseWebhookService(text: string): { key: string; url: string } | string {
  const m = /^([a-z0-9-]+)\/([a-z0-9-]+)=(https:\/\/[^\s/]+)\/?$/.exec(text);
  if (!m) return `--webhook-service "${text}": expected NAMESPACE/NAME=https://HOST:PORT`;
  return { key: `${m[1]}/${m[2]}`, url: m[3] };
}

const AUDIT_LEVELS = ['Metadata', 'Request', 'RequestResponse'] as const;

/** What the CLI did: an exit code, or the running server (which runs until closed or interrupted). */
export type CliResult = { code: number } | { server: ApiServer };

/** Runs the CLI; resolves once the server listens, or with the exit code of a usage error. */
export async function cli(argv: string[], log: (line: string) => void): Promise<CliResult> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        state: { type: 'string' },
        demo: { type: 'boolean', default: false },
        https: { type: 'boolean', default: false },
        port: { type: 'string' },
        token: { type: 'string', default: 'portguard-admin' },
        'kubeconfig-out': { type: 'string', default: 'portguard-apiserver.kubeconfig' },
        'audit-log-path': { type: 'string' },
        'audit-level': { type: 'string', default: 'RequestResponse' },
        'webhook-service': { type: 'string', multiple: true, default: [] },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    log(`error: ${(e as Error).message}\n${USAGE}`);
    return { code: 2 };
  }
  if (values.help || (!values.state && !values.demo)) {
    log(USAGE);
    return { code: values.help ? 0 : 2 };
  }
  const level = values['audit-level'] as (typeof AUDIT_LEVELS)[number];
  if (!AUDIT_LEVELS.includes(level)) {
    log(`error: --audit-level must be one of ${AUDIT_LEVELS.join(', ')}, not "${level}"`);
    return { code: 2 };
  }
  const services = new Map<string, string>();
  for (const text of values['webhook-service']) {
    const parsed = parseWebhookService(text);
    if (typeof parsed === 'string') {
      log(`error: ${parsed}`);
      return { code: 2 };
    }
    services.set(parsed.key, parsed.url);
  }
  try {
    const server = await startApiServer({
      resolveWebhookService: services.size
        ? (ref) => services.get(`${ref.namespace}/${ref.name}`)
        : undefined,
      audit: values['audit-log-path'] ? { path: values['audit-log-path'], level } : undefined,
      state: values.demo ? demoState() : readState(values.state!),
      https: values.https,
      port: values.port ? Number(values.port) : undefined,
      users: [{ name: 'admin', token: values.token }],
      // kubectl sends no token over plain HTTP: let it in as admin there.
      anonymous: values.https ? undefined : 'admin',
    });
    writeFileSync(values['kubeconfig-out'], server.kubeconfig(), { mode: 0o600 });
    log(`serving ${server.url}; kubeconfig: ${values['kubeconfig-out']}`);
    return { server };
  } catch (e) {
    log(`error: ${(e as Error).message.split('\n')[0]}`);
    return { code: 2 };
  }
}
