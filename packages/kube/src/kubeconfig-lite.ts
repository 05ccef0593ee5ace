// client-node's KubeConfig without its generated API clients: the same parsing and credentials, loaded in a tenth of the time and memory.
import { readFileSync } from 'node:fs';
import type https from 'node:https';
import { dirname, isAbsolute, join } from 'node:path';
import yaml from 'js-yaml';
// Deep imports: the package index pulls in every generated API client (≈75 MB, ≈1.5 s to load).
import {
  newClusters,
  newContexts,
  newUsers,
  type Cluster,
  type Context,
  type User,
} from '@kubernetes/client-node/dist/config_types.js';
import { ExecAuth } from '@kubernetes/client-node/dist/exec_auth.js';
import { FileAuth } from '@kubernetes/client-node/dist/file_auth.js';

export type { Cluster, Context, User };

/**
 * The part of client-node's `KubeConfig` that portguard uses: contexts, clusters, users, the
 * current context, and `applyToHTTPSOptions`. Tokens, token files, client certificates, basic
 * auth and exec plugins are applied here, with client-node's own authenticators; a proxy or an
 * auth-provider (oidc, azure, gcp) loads the whole client-node and lets its KubeConfig do it.
 */
export class KubeConfig {
  clusters: Cluster[] = [];
  contexts: Context[] = [];
  users: User[] = [];
  currentContext = '';
  private readonly exec = new ExecAuth();
  private readonly file = new FileAuth();
  private full?: { applyToHTTPSOptions(opts: https.RequestOptions): Promise<void> };

  /** Reads a kubeconfig file as client-node does (relative file paths against its folder). */
  loadFromFile(file: string): void {
    const obj = yaml.load(readFileSync(file, 'utf8')) as any;
    this.clusters = newClusters(obj?.clusters);
    this.contexts = newContexts(obj?.contexts);
    this.users = newUsers(obj?.users);
    this.currentContext = obj?.['current-context'];
    const root = dirname(file);
    const abs = (f: string) => (isAbsolute(f) ? f : join(root, f));
    for (const c of this.clusters) if (c.caFile) (c as any).caFile = abs(c.caFile);
    for (const u of this.users) {
      if (u.certFile) (u as any).certFile = abs(u.certFile);
      if (u.keyFile) (u as any).keyFile = abs(u.keyFile);
    }
  }

  loadFromOptions(o: {
    clusters: Cluster[];
    contexts: Context[];
    users: User[];
    currentContext: string;
  }): void {
    this.clusters = o.clusters;
    this.contexts = o.contexts;
    this.users = o.users;
    this.currentContext = o.currentContext;
  }

  private currentContextObject(): Context | undefined {
    return this.contexts.find((c) => c.name === this.currentContext);
  }

  getCurrentCluster(): Cluster | null {
    const ctx = this.currentContextObject();
    return this.clusters.find((c) => c.name === ctx?.cluster) ?? null;
  }

  getCurrentUser(): User | null {
    const ctx = this.currentContextObject();
    return ctx ? (this.users.find((u) => u.name === ctx.user) ?? null) : null;
  }

  /** TLS material and credentials of the current context, into `opts` (as client-node does). */
  async applyToHTTPSOptions(opts: https.RequestOptions): Promise<void> {
    const cluster = this.getCurrentCluster();
    const user = this.getCurrentUser();
    if (cluster?.proxyUrl || (user?.authProvider && !this.file.isAuthProvider(user)))
      return (await this.fullConfig()).applyToHTTPSOptions(opts);
    if (!user) return;
    if (cluster?.skipTLSVerify) opts.rejectUnauthorized = false;
    if (cluster?.tlsServerName) opts.servername = cluster.tlsServerName;
    const ca = cluster ? fileOrData(cluster.caFile, cluster.caData) : undefined;
    if (ca) opts.ca = ca;
    const cert = fileOrData(user.certFile, user.certData);
    if (cert) opts.cert = cert;
    const key = fileOrData(user.keyFile, user.keyData);
    if (key) opts.key = key;
    const headers = (opts.headers ??= {}) as Record<string, string>;
    if (user.impersonateUser != null) headers['Impersonate-User'] = user.impersonateUser;
    if (this.exec.isAuthProvider(user)) await this.exec.applyAuthentication(user, opts);
    else if (this.file.isAuthProvider(user)) await this.file.applyAuthentication(user, opts);
    if (user.token) headers.Authorization = `Bearer ${user.token}`;
    if (user.username) opts.auth = `${user.username}:${user.password}`;
  }

  /** client-node's own KubeConfig over the same contexts, for what is not done here. */
  private async fullConfig() {
    if (!this.full) {
      const { KubeConfig: Full } = await import('@kubernetes/client-node');
      const kc = new Full();
      kc.loadFromOptions({
        clusters: this.clusters,
        contexts: this.contexts,
        users: this.users,
        currentContext: this.currentContext,
      });
      this.full = kc;
    }
    return this.full;
  }
}

function fileOrData(file?: string, data?: string): Buffer | undefined {
  if (file) return readFileSync(file);
  if (data) return Buffer.from(data, 'base64');
  return undefined;
}
