// kubeconfig exec credential plugins run as client-go runs them: one run at a time, kept until expiry or a 401.
import { spawn } from 'node:child_process';

/** A kubeconfig `user.exec` stanza (client.authentication.k8s.io). */
export interface ExecConfig {
  command: string;
  args?: string[] | null;
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
}

/** The `status` an exec plugin prints in its ExecCredential. */
export interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

/**
 * The credential of one exec plugin. client-go keeps it until its `expirationTimestamp`, or, with
 * none, until the server answers 401 (`invalidate`); client-node would run the plugin again for
 * every request. Concurrent requests share one run, so a scan's parallel lists start one plugin.
 */
export class ExecCredentialCache {
  private cached?: { status: ExecCredentialStatus; expires: number };
  private running?: Promise<ExecCredentialStatus>;

  constructor(private readonly exec: ExecConfig) {}

  get(): Promise<ExecCredentialStatus> {
    if (this.cached && Date.now() < this.cached.expires) return Promise.resolve(this.cached.status);
    this.running ??= runPlugin(this.exec)
      .then((status) => {
        const at = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : Infinity;
        this.cached = { status, expires: Number.isNaN(at) ? 0 : at };
        return status;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Forgets the credential: the server refused it, the next request runs the plugin again. */
  invalidate(): void {
    this.cached = undefined;
  }
}

/**
 * Runs the plugin once. Rejects with the spawn error (ENOENT, EACCES), a SyntaxError when it
 * prints no JSON, or an Error naming its exit code; never with its output (it may hold a token).
 */
function runPlugin(exec: ExecConfig): Promise<ExecCredentialStatus> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const e of exec.env ?? []) env[e.name] = e.value;
  // What client-go tells the plugin: it may not prompt (portguard gives it no terminal).
  env.KUBERNETES_EXEC_INFO = JSON.stringify({
    apiVersion: exec.apiVersion ?? 'client.authentication.k8s.io/v1',
    kind: 'ExecCredential',
    spec: { interactive: false },
  });
  return new Promise((resolve, reject) => {
    const child = spawn(exec.command, exec.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let failed: Error | undefined;
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.resume();
    child.on('error', (e) => (failed = e));
    child.on('close', (code) => {
      if (failed) return reject(failed);
      if (code !== 0) return reject(new Error(`exited with code ${code}`));
      try {
        const status = JSON.parse(stdout)?.status;
        if (!status || typeof status !== 'object') throw new SyntaxError('no status');
        resolve(status as ExecCredentialStatus);
      } catch (e) {
        reject(e instanceof SyntaxError ? e : new SyntaxError(String(e)));
      }
    });
  });
}
