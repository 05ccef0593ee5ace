// `portguard-apiserver`: serve a state file (or the demo cluster) for manual use with kubectl.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { demoState } from './demo.js';
import { startApiServer } from './server.js';
import { readState } from './state.js';

const USAGE = `usage: portguard-apiserver (--state FILE.yaml | --demo) [--https] [--port N] [--token T] [--kubeconfig-out FILE]
Serves the objects of FILE.yaml as a Kubernetes API on 127.0.0.1 and writes a kubeconfig for it.`;

/** Runs the CLI; resolves once the server listens (it then runs until the process is stopped). */
export async function cli(argv: string[], log: (line: string) => void): Promise<number> {
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
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    log(`error: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help || (!values.state && !values.demo)) {
    log(USAGE);
    return values.help ? 0 : 2;
  }
  try {
    const server = await startApiServer({
      state: values.demo ? demoState() : readState(values.state!),
      https: values.https,
      port: values.port ? Number(values.port) : undefined,
      users: [{ name: 'admin', token: values.token }],
    });
    writeFileSync(values['kubeconfig-out'], server.kubeconfig(), { mode: 0o600 });
    log(`serving ${server.url}; kubeconfig: ${values['kubeconfig-out']}`);
    return -1;
  } catch (e) {
    log(`error: ${(e as Error).message.split('\n')[0]}`);
    return 2;
  }
}
