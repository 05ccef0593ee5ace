// `--demo`: the built-in multi-tenant cluster served on loopback over HTTPS, with a throw-away kubeconfig.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { demoState, startApiServer } from '@portguard/apiserver';

/**
 * Starts the demo API server, writes a kubeconfig for it (mode 0600, in a fresh temporary
 * folder), runs `job` with that file's path, and removes both afterwards, even when `job` throws.
 */
export async function withDemoCluster<T>(job: (kubeconfig: string) => Promise<T>): Promise<T> {
  const server = await startApiServer({
    state: demoState(),
    https: true,
    users: [{ name: 'demo-admin', token: randomBytes(24).toString('hex') }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'portguard-demo-'));
  const file = join(dir, 'kubeconfig');
  try {
    writeFileSync(file, server.kubeconfig('demo-admin', { name: 'portguard-demo' }), {
      mode: 0o600,
    });
    return await job(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}
