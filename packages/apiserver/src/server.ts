// The HTTP(S) front: the request pipeline (faults, authentication, impersonation, routing, admission), discovery,
// list/get/watch with Tables, writes, and the test API around it.
import { EventEmitter } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { ServiceResolver } from './admission/call.js';
import { ValidatingAdmission } from './admission/validating.js';
import { AuditLog, type AuditOptions } from './audit-log.js';
import {
  authorize,
  authorizeDiscovery,
  seesNamespace,
  unauthorized,
  type Access,
  type UserSpec,
} from './auth.js';
import { authenticate, identify } from './identity.js';
import { RequestContext, type RequestRecord } from './request-context.js';
import {
  VERSION_INFO,
  apiGroupDoc,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './discovery.js';
import { Faults } from './faults.js';
import { openApiV3Doc, openApiV3Root } from './openapi.js';
import { renderKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { SelectorError, parseFieldSelector, parseLabelSelector } from './selectors.js';
import { parseState, readState } from './state.js';
import { StatusError, status } from './status.js';
import { Store, type KubeObject, type StoreEvent } from './store.js';
import { toTable, type IncludeObject } from './table.js';
import { generateTls, type KeyPair, type TlsMaterial } from './tls.js';
import { serveWrite } from './write.js';

export type { RequestRecord } from './request-context.js';

export interface ApiServerOptions {
  /** Initial objects: YAML text, a list of objects, or `{ file }` to read a YAML file. */
  state?: string | KubeObject[] | { file: string };
  /** Serve HTTPS with a freshly generated CA (in every kubeconfig) instead of plain HTTP. */
  https?: boolean;
  /** Users and their rights; default one `admin` with a random token and every right. */
  users?: UserSpec[];
  /** Listen address (default 127.0.0.1) and port (default: any free port). */
  host?: string;
  port?: number;
  /**
   * The user that requests without credentials act as (default: none, they get 401). kubectl
   * sends no bearer token over plain HTTP, so an HTTP server for kubectl needs one.
   */
  anonymous?: string;
  /** How often watches with allowWatchBookmarks get a BOOKMARK (default 5 s). */
  bookmarkIntervalMs?: number;
  /**
   * Where a webhook's `clientConfig.service` is reached: `https://HOST:PORT`. Where it answers
   * undefined (or is not given): the Service in the state, at its `spec.clusterIP` and the
   * reference's port (so a Service with `clusterIP: 127.0.0.1` points at a loopback webhook).
   * Either way the certificate must be valid for `NAME.NAMESPACE.svc`, as kube-apiserver checks.
   */
  resolveWebhookService?: ServiceResolver;
  /**
   * Write an audit log (audit.k8s.io/v1 Event, one JSON line per stage), as kube-apiserver's
   * `--audit-log-path` with a policy of one level (default RequestResponse).
   */
  audit?: AuditOptions;
}

/** A fault to inject: matching requests get `status` (or the connection is cut) instead of an answer. */
export interface Fault {
  /** Matches when the request path contains this string or matches this pattern. */
  path?: string | RegExp;
  verb?: 'list' | 'get' | 'watch' | 'discovery';
  /** HTTP status to answer with (a Status body); default 500. */
  status?: number;
  message?: string;
  /** Destroy the socket without answering. */
  hangUp?: boolean;
  /** Answer normally, but only after this many milliseconds (a slow server). */
  delayMs?: number;
  /** Only the next `times` matching requests (default: until removed). */
  times?: number;
}

export interface ApiServer {
  /** `http://127.0.0.1:PORT` or `https://…`. */
  readonly url: string;
  /** The CA that signed the serving certificate (HTTPS only). */
  readonly caPem?: string;
  readonly store: Store;
  /** Every request served so far. */
  readonly requests: RequestRecord[];
  /** A kubeconfig for `user` (default: the first user). */
  kubeconfig(user?: string, options?: KubeconfigOptions): string;
  create(obj: KubeObject): KubeObject;
  update(obj: KubeObject): KubeObject;
  delete(obj: {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string };
  }): KubeObject;
  /** Faults of every kind (429, 5xx, resets, expired continue, slow, silent, cut watches): see faults.ts. */
  readonly faults: Faults;
  /** Starts answering matching requests with the fault; the function returned removes it. */
  injectFault(fault: Fault): () => void;
  /** Cuts every open watch connection (as a restarting API server or a flaky proxy would). */
  dropWatches(): void;
  /** Forgets the event history: watches from older resourceVersions then get 410 Gone. */
  compact(): void;
  /** Sends a BOOKMARK on every open watch that allows them, now. */
  bookmark(): void;
  /** Resolves when a watch on `plural` (any resource when omitted) is open, including one open already. */
  waitForWatch(plural?: string): Promise<void>;
  /** Number of open watch connections. */
  openWatches(): number;
  /**
   * Gives `user` a new bearer token and revokes the old one at once: its next request answers
   * 401, as after a real revocation (a rotated ServiceAccount token, a revoked cloud session).
   */
  rotateToken(user: string, token: string): void;
  /**
   * Calls `listener` as each request arrives, before it is authenticated, so a test can revoke a
   * token at an exact point of a client's run. The function returned removes it.
   */
  onRequest(listener: (request: RequestRecord) => void): () => void;
  /** The most non-watch requests that were being answered at once (see Fault.delayMs). */
  peakConcurrency(): number;
  close(): Promise<void>;
}

interface Watcher {
  resource: ResourceType;
  res: ServerResponse;
  bookmarks: boolean;
}

interface Parsed {
  resource: ResourceType;
  namespace?: string;
  name?: string;
}

const JSON_TYPE = 'application/json';
const MAX_RECORDS = 50_000;

/** Starts a Kubernetes API server on loopback; resolves once it listens. */
export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServer> {
  const store = new Store();
  const initial = Array.isArray(options.state)
    ? options.state
    : typeof options.state === 'string'
      ? parseState(options.state)
      : options.state
        ? readState(options.state.file)
        : [];
  store.reserve(initial);
  // CRDs first, so the objects they define get their declared plural and scope.
  for (const o of initial.filter((x) => x.kind === 'CustomResourceDefinition'))
    store.create(o, { record: false });
  for (const o of initial.filter((x) => x.kind !== 'CustomResourceDefinition'))
    store.create(o, { record: false });

  // Copies: rotateToken changes a user's token here, never in the caller's list.
  const users: UserSpec[] = (
    options.users ?? [{ name: 'admin', token: randomBytes(16).toString('hex') }]
  ).map((u) => ({ ...u }));
  const tls: TlsMaterial | undefined = options.https ? generateTls() : undefined;
  const clientCerts = new Map<string, KeyPair>();
  const requests: RequestRecord[] = [];
  const faults = new Set<Fault>();
  const injected = new Faults();
  const watchers = new Set<Watcher>();
  const sockets = new Set<Socket>();
  const events = new EventEmitter();
  const bookmarkMs = options.bookmarkIntervalMs ?? 5000;
  let inFlight = 0;
  let peak = 0;
  let url = '';

  const inState: ServiceResolver = (ref) => {
    const svcType = store.typeOf('', 'v1', 'services')!;
    try {
      const ip = store.get(svcType, ref.namespace, ref.name).spec?.clusterIP;
      if (typeof ip !== 'string' || ip === '' || ip === 'None') return undefined;
      return `https://${ip.includes(':') ? `[${ip}]` : ip}:${ref.port}`;
    } catch {
      return undefined;
    }
  };
  const resolveService: ServiceResolver = (ref) =>
    options.resolveWebhookService?.(ref) ?? inState(ref);
  const admission = new ValidatingAdmission(store, resolveService);
  const audit = options.audit ? new AuditLog(options.audit) : undefined;

  // The pipeline of every request: record → faults (delay) → authenticate → impersonate → route
  // (discovery, read, or write with admission) → answer. Faults and admission each have one place.
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const ctx = new RequestContext(req, res);
    const { record } = ctx;
    const u = ctx.url;
    requests.push(record);
    requestInfo(ctx);
    events.emit('request', record);
    if (audit) {
      ctx.onComplete = () => audit.complete(ctx);
      res.on('close', () => ctx.complete());
    }
    // A long-running server (the CLI, a TUI demo) keeps only the recent requests.
    if (requests.length > MAX_RECORDS) requests.splice(0, requests.length - MAX_RECORDS / 2);
    if (!record.watch) {
      inFlight++;
      peak = Math.max(peak, inFlight);
      res.on('close', () => inFlight--);
    }
    const injectedFault = injected.intercept(
      { path: u.pathname, query: record.query, record },
      res,
    );
    if (injectedFault === 'handled') return;
    const delay = Math.max(delayFor(u.pathname), injectedFault ?? 0);
    if (delay > 0) {
      setTimeout(() => void answer(ctx), delay);
      return;
    }
    void answer(ctx);
  };

  const answer = async (ctx: RequestContext) => {
    const { req, res, record } = ctx;
    try {
      const user = authenticate(req, users, tls !== undefined, options.anonymous);
      if (user) {
        record.user = user.name;
        ctx.identity = identify(req, user, users);
      }
      audit?.received(ctx);
      await serve(ctx, req, res, ctx.url, record, ctx.identity?.access, (code, body) =>
        ctx.send(code, body),
      );
    } catch (e) {
      if (res.headersSent) return;
      if (e instanceof StatusError) ctx.send(e.code, e.toStatus());
      else if (e instanceof SelectorError) ctx.send(400, status(400, e.message));
      else ctx.send(500, status(500, e instanceof Error ? e.message : String(e)));
    }
  };

  function delayFor(path: string): number {
    for (const f of faults) {
      if (!f.delayMs) continue;
      const pathOk =
        f.path === undefined ||
        (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path));
      if (pathOk) return f.delayMs;
    }
    return 0;
  }

  function applyFaults(path: string, verb: Fault['verb'], res: ServerResponse): boolean {
    for (const f of faults) {
      const pathOk =
        f.path === undefined ||
        (typeof f.path === 'string' ? path.includes(f.path) : f.path.test(path));
      if (f.delayMs || !pathOk || (f.verb !== undefined && f.verb !== verb)) continue;
      if (f.times !== undefined && --f.times <= 0) faults.delete(f);
      if (f.hangUp) {
        res.socket?.destroy();
        return true;
      }
      throw new StatusError(f.status ?? 500, f.message ?? 'injected fault');
    }
    return false;
  }

  async function serve(
    ctx: RequestContext,
    req: IncomingMessage,
    res: ServerResponse,
    u: URL,
    record: RequestRecord,
    user: UserSpec | undefined,
    send: (code: number, body: unknown) => void,
  ) {
    const path = u.pathname.replace(/\/+$/, '') || '/';
    if (['/healthz', '/livez', '/readyz'].includes(path)) {
      record.status = 200;
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (!user) throw unauthorized();
    const method = req.method ?? 'GET';
    if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
      throw new StatusError(405, `the server does not allow this method on the requested resource`);
    const segs = path.split('/').filter(Boolean);
    const types = store.types();
    const discovery = (body: unknown) => {
      if (applyFaults(path, 'discovery', res)) return;
      authorizeDiscovery(user, path);
      if (body === undefined)
        throw new StatusError(404, 'the server could not find the requested resource');
      send(200, body);
    };
    if (path === '/version') return discovery(VERSION_INFO);
    if (path === '/openapi/v3') return discovery(openApiV3Root(types));
    if (path.startsWith('/openapi/v3/'))
      return discovery(openApiV3Doc(types, path.slice('/openapi/v3/'.length)));
    if (path === '/api') return discovery(apiVersions(req.headers.host ?? ''));
    if (path === '/apis') return discovery(apiGroupList(types));
    if (segs[0] === 'api' && segs.length === 2)
      return discovery(apiResourceList(types, '', segs[1]));
    if (segs[0] === 'apis' && segs.length === 2) return discovery(apiGroupDoc(types, segs[1]));
    if (segs[0] === 'apis' && segs.length === 3)
      return discovery(apiResourceList(types, segs[1], segs[2]));

    const target = parseResourcePath(segs);
    if (!target) throw new StatusError(404, 'the server could not find the requested resource');
    if (method !== 'GET') return serveWrite(ctx, target, store, admission);
    const watch = record.watch;
    const verb: Access['verb'] = target.name !== undefined ? 'get' : watch ? 'watch' : 'list';
    authorize(user, { verb, ...target });
    if (applyFaults(path, verb, res)) return;
    const asTable = /as=Table/.test(req.headers.accept ?? '');
    const include = (u.searchParams.get('includeObject') ?? 'Metadata') as IncludeObject;
    if (verb === 'get') {
      const obj = store.get(target.resource, target.namespace, target.name!);
      return send(
        200,
        asTable
          ? toTable(target.resource, [obj], { resourceVersion: String(store.rv) }, include)
          : obj,
      );
    }
    const filter = combine(
      parseLabelSelector(u.searchParams.get('labelSelector')),
      parseFieldSelector(u.searchParams.get('fieldSelector')),
      (o) => seesNamespace(user, o.metadata?.namespace),
    );
    if (watch)
      return startWatch(ctx, res, record, target, filter, u.searchParams, asTable, include);

    const limit = Number(u.searchParams.get('limit') ?? 0) || 0;
    let after: string | undefined;
    let listRv = store.rv;
    const token = u.searchParams.get('continue');
    if (token) {
      const c = decodeContinue(token);
      if (c.rv < store.oldestRv)
        throw new StatusError(
          410,
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      after = c.after;
      listRv = c.rv;
    }
    const page = store.page(target.resource, target.namespace, filter, limit, after);
    const meta: Record<string, unknown> = { resourceVersion: String(listRv) };
    if (page.next !== undefined) meta.continue = encodeContinue({ rv: listRv, after: page.next });
    if (asTable) return send(200, toTable(target.resource, page.items, meta, include));
    send(200, {
      kind: `${target.resource.kind}List`,
      apiVersion: apiVersionOf(target.resource),
      metadata: meta,
      items: page.items,
    });
  }

  /**
   * What the request is about, from its URL alone (kube-apiserver's RequestInfo, resolved before
   * authentication so every audit stage has it): the verb and, for resource URLs, the objectRef.
   */
  function requestInfo(ctx: RequestContext): void {
    const method = ctx.req.method ?? 'GET';
    const segs = ctx.url.pathname.split('/').filter(Boolean);
    const target = parseResourcePath(segs);
    if (!target) return;
    ctx.objectRef = {
      resource: target.resource.plural,
      namespace: target.namespace,
      name: target.name,
      apiGroup: target.resource.group || undefined,
      apiVersion: target.resource.version,
    };
    const named = target.name !== undefined;
    ctx.verb =
      method === 'GET'
        ? named
          ? 'get'
          : ctx.record.watch
            ? 'watch'
            : 'list'
        : method === 'POST'
          ? 'create'
          : method === 'PUT'
            ? 'update'
            : method === 'PATCH'
              ? 'patch'
              : method === 'DELETE'
                ? named
                  ? 'delete'
                  : 'deletecollection'
                : method.toLowerCase();
  }

  function parseResourcePath(segs: string[]): Parsed | undefined {
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === 'api' && segs.length >= 3)
      [group, version, rest] = ['', segs[1], segs.slice(2)];
    else if (segs[0] === 'apis' && segs.length >= 4)
      [group, version, rest] = [segs[1], segs[2], segs.slice(3)];
    else return undefined;
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    if (rest.length > 2) return undefined; // subresources are not served
    const resource = store.typeOf(group, version, rest[0]);
    if (!resource) return undefined;
    if (namespace !== undefined && !resource.namespaced) return undefined;
    return { resource, namespace, name: rest[1] };
  }

  function startWatch(
    ctx: RequestContext,
    res: ServerResponse,
    record: RequestRecord,
    target: Parsed,
    filter: (o: KubeObject) => boolean,
    params: URLSearchParams,
    asTable: boolean,
    include: IncludeObject,
  ) {
    record.status = 200;
    ctx.code = 200;
    ctx.streaming = true;
    res.writeHead(200, { 'Content-Type': JSON_TYPE, 'Cache-Control': 'no-cache' });
    audit?.started(ctx);
    res.flushHeaders();
    const t = target.resource;
    let first = true;
    const write = (type: string, object: KubeObject) => {
      const body =
        asTable && type !== 'ERROR' && type !== 'BOOKMARK'
          ? toTable(t, [object], {}, include, first)
          : object;
      if (asTable && type !== 'ERROR' && type !== 'BOOKMARK') first = false;
      res.write(`${JSON.stringify({ type, object: body })}\n`);
    };
    const matches = (o: KubeObject) =>
      (target.namespace === undefined || o.metadata?.namespace === target.namespace) &&
      (target.name === undefined || o.metadata?.name === target.name) &&
      filter(o);
    const rvParam = params.get('resourceVersion');
    const rv = rvParam === null || rvParam === '' || rvParam === '0' ? undefined : Number(rvParam);
    if (rv !== undefined && (Number.isNaN(rv) || rv < store.oldestRv)) {
      write('ERROR', status(410, `too old resource version: ${rvParam} (${store.oldestRv})`));
      res.end();
      return;
    }
    const watcher: Watcher = {
      resource: t,
      res,
      bookmarks: params.get('allowWatchBookmarks') === 'true',
    };
    if (rv === undefined) {
      for (const o of store.page(t, target.namespace, filter, 0).items) write('ADDED', o);
    } else {
      for (const e of store.eventsSince(rv) ?? [])
        if (e.resource === t && matches(e.object)) write(e.type, e.object);
    }
    const unsubscribe = store.subscribe((e: StoreEvent) => {
      if (e.resource === t && matches(e.object)) write(e.type, e.object);
    });
    const timers: NodeJS.Timeout[] = [];
    if (watcher.bookmarks)
      timers.push(setInterval(() => sendBookmark(watcher), bookmarkMs).unref());
    const timeout = Number(params.get('timeoutSeconds') ?? 0);
    if (timeout > 0) timers.push(setTimeout(() => res.end(), timeout * 1000).unref());
    watchers.add(watcher);
    const cleanup = () => {
      unsubscribe();
      for (const tm of timers) clearTimeout(tm);
      watchers.delete(watcher);
    };
    res.on('close', cleanup);
    events.emit('watch', t.plural);
  }

  function sendBookmark(w: Watcher) {
    w.res.write(
      `${JSON.stringify({
        type: 'BOOKMARK',
        object: {
          kind: w.resource.kind,
          apiVersion: apiVersionOf(w.resource),
          metadata: {
            resourceVersion: String(store.rv),
            annotations: { 'k8s.io/initial-events-end': 'true' },
          },
        },
      })}\n`,
    );
  }

  const server = tls
    ? https.createServer(
        {
          key: tls.server.key,
          cert: tls.server.cert,
          ca: tls.ca.cert,
          requestCert: true,
          rejectUnauthorized: false,
        },
        handler,
      )
    : http.createServer(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  url = `${tls ? 'https' : 'http'}://${host}:${addr.port}`;

  const userNamed = (name?: string): UserSpec => {
    const user = name === undefined ? users[0] : users.find((x) => x.name === name);
    if (!user) throw new Error(`no user "${name}" on this test server`);
    return user;
  };

  return {
    url,
    caPem: tls?.ca.cert,
    store,
    requests,
    kubeconfig(name, kcOptions = {}) {
      const user = userNamed(name);
      let cert: KeyPair | undefined;
      if (kcOptions.clientCertificate && tls) {
        cert = clientCerts.get(user.name) ?? tls.clientCert(user.name, user.groups);
        clientCerts.set(user.name, cert);
      }
      return renderKubeconfig(
        { url, caPem: tls?.ca.cert, user: user.name, token: user.token, cert },
        kcOptions,
      );
    },
    create: (o) => store.create(o),
    update: (o) => store.update(o),
    delete: (o) => store.delete(o),
    faults: injected,
    injectFault(fault) {
      const f = { ...fault };
      faults.add(f);
      return () => faults.delete(f);
    },
    dropWatches() {
      for (const w of watchers) w.res.socket?.destroy();
    },
    compact: () => store.compact(),
    bookmark() {
      for (const w of watchers) if (w.bookmarks) sendBookmark(w);
    },
    waitForWatch(plural) {
      for (const w of watchers)
        if (plural === undefined || w.resource.plural === plural) return Promise.resolve();
      return new Promise((resolve) => {
        const on = (p: string) => {
          if (plural !== undefined && p !== plural) return;
          events.off('watch', on);
          resolve();
        };
        events.on('watch', on);
      });
    },
    openWatches: () => watchers.size,
    rotateToken(name, token) {
      userNamed(name).token = token;
    },
    onRequest(listener) {
      events.on('request', listener);
      return () => events.off('request', listener);
    },
    peakConcurrency: () => peak,
    async close() {
      for (const w of watchers) w.res.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      audit?.close();
    },
  };
}

function combine(...filters: ((o: KubeObject) => boolean)[]) {
  return (o: KubeObject) => filters.every((f) => f(o));
}

function encodeContinue(c: { rv: number; after: string }): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeContinue(token: string): { rv: number; after: string } {
  try {
    const c = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof c.rv === 'number' && typeof c.after === 'string') return c;
  } catch {
    // fall through to the 400 below
  }
  throw new StatusError(400, 'continue key is not valid');
}
