// The API server over HTTP(S): discovery, paginated lists, get, watch, auth, TLS and injected faults.
import assert from 'node:assert/strict';
import { startApiServer, type ApiServer } from '../src/index.js';
import { call, get, watch } from './client.js';

const TOKEN = 'admin-token';
const pod = (namespace: string, name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
});

const STATE = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-b' } },
  pod('team-a', 'a1', { app: 'web' }),
  pod('team-a', 'a2', { app: 'db' }),
  pod('team-a', 'a3', { app: 'web' }),
  pod('team-b', 'b1', { app: 'web' }),
  pod('team-b', 'b2'),
  {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'canary', namespace: 'team-b' },
    spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }] } } },
  },
];

const USERS = [
  { name: 'admin', token: TOKEN },
  { name: 'tenant', token: 'tenant-token', forbiddenNamespaces: ['team-b'] },
  { name: 'stale', token: 'stale-token', expired: true },
  { name: 'no-nodes', token: 'no-nodes-token', forbiddenResources: ['nodes'] },
  { name: 'no-argo', token: 'no-argo-token', forbiddenGroups: ['argoproj.io'] },
  {
    name: 'filtered',
    token: 'filtered-token',
    forbiddenNamespaces: ['team-b'],
    filterClusterWide: true,
  },
];

describe('apiserver over HTTP', () => {
  let server: ApiServer;
  beforeEach(async () => {
    server = await startApiServer({ state: STATE, users: USERS });
  });
  afterEach(() => server.close());

  it('serves discovery for the core group, named groups and CRDs of the state', async () => {
    const core = await get(server, '/api/v1', { token: TOKEN });
    assert.equal(core.status, 200);
    const pods = core.body.resources.find((r: any) => r.name === 'pods');
    assert.deepEqual(pods, {
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
    });
    const groups = await get(server, '/apis', { token: TOKEN });
    const names = groups.body.groups.map((g: any) => g.name);
    for (const g of ['apps', 'batch', 'networking.k8s.io', 'argoproj.io'])
      assert.ok(names.includes(g), g);
    const argo = await get(server, '/apis/argoproj.io/v1alpha1', { token: TOKEN });
    assert.equal(argo.body.resources[0].name, 'rollouts');
    assert.equal((await get(server, '/version', { token: TOKEN })).body.major, '1');
  });

  it('pages a list with limit and continue, in namespace/name order', async () => {
    const seen: string[] = [];
    let next: string | undefined;
    let pages = 0;
    do {
      const q = `/api/v1/pods?limit=2${next ? `&continue=${encodeURIComponent(next)}` : ''}`;
      const r = await get(server, q, { token: TOKEN });
      assert.equal(r.status, 200);
      assert.equal(r.body.kind, 'PodList');
      assert.ok(r.body.items.length <= 2);
      seen.push(...r.body.items.map((p: any) => `${p.metadata.namespace}/${p.metadata.name}`));
      next = r.body.metadata.continue;
      pages++;
    } while (next);
    assert.equal(pages, 3);
    assert.deepEqual(seen, ['team-a/a1', 'team-a/a2', 'team-a/a3', 'team-b/b1', 'team-b/b2']);
  });

  const selectorCases: [string, string[]][] = [
    ['/api/v1/namespaces/team-a/pods', ['a1', 'a2', 'a3']],
    ['/api/v1/pods?labelSelector=app%3Dweb', ['a1', 'a3', 'b1']],
    ['/api/v1/pods?labelSelector=app!%3Dweb', ['a2', 'b2']],
    ['/api/v1/pods?labelSelector=app%20in%20(db)', ['a2']],
    ['/api/v1/pods?labelSelector=!app', ['b2']],
    ['/api/v1/pods?fieldSelector=metadata.name%3Db1', ['b1']],
    ['/api/v1/pods?fieldSelector=metadata.namespace%3Dteam-b', ['b1', 'b2']],
  ];
  for (const [path, names] of selectorCases) {
    it(`lists ${path}`, async () => {
      const r = await get(server, path, { token: TOKEN });
      assert.deepEqual(
        r.body.items.map((p: any) => p.metadata.name),
        names,
      );
    });
  }

  it('gets one object, and answers 404 with a Status for a missing one', async () => {
    const r = await get(server, '/api/v1/namespaces/team-a/pods/a2', { token: TOKEN });
    assert.equal(r.body.metadata.name, 'a2');
    const missing = await get(server, '/api/v1/namespaces/team-a/pods/zz', { token: TOKEN });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.kind, 'Status');
    assert.equal(missing.body.message, 'pods "zz" not found');
  });

  it('answers a Table when kubectl asks for one', async () => {
    const r = await get(server, '/api/v1/namespaces/team-a/pods?limit=1', {
      token: TOKEN,
      accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    });
    assert.equal(r.body.kind, 'Table');
    assert.deepEqual(
      r.body.columnDefinitions.filter((c: any) => c.priority === 0).map((c: any) => c.name),
      ['Name', 'Ready', 'Status', 'Restarts', 'Age'],
    );
    assert.equal(r.body.rows[0].cells[0], 'a1');
    assert.equal(r.body.rows[0].object.metadata.namespace, 'team-a');
    assert.ok(r.body.metadata.continue);
  });

  const authCases: [string, string | undefined, string, number, string][] = [
    ['no credentials', undefined, '/api/v1/pods', 401, 'Unauthorized'],
    ['an unknown token', 'nope', '/api/v1/pods', 401, 'Unauthorized'],
    ['an expired token', 'stale-token', '/api', 401, 'Unauthorized'],
    [
      'a tenant in a forbidden namespace',
      'tenant-token',
      '/api/v1/namespaces/team-b/pods',
      403,
      'pods is forbidden: User "tenant" cannot list resource "pods" in API group "" in the namespace "team-b"',
    ],
    [
      'a namespace-limited tenant across the cluster',
      'tenant-token',
      '/apis/apps/v1/deployments',
      403,
      'deployments.apps is forbidden: User "tenant" cannot list resource "deployments" in API group "apps" at the cluster scope',
    ],
    [
      'a forbidden resource',
      'no-nodes-token',
      '/api/v1/nodes',
      403,
      'nodes is forbidden: User "no-nodes" cannot list resource "nodes" in API group "" at the cluster scope',
    ],
    [
      'a resource of a forbidden group',
      'no-argo-token',
      '/apis/argoproj.io/v1alpha1/rollouts',
      403,
      'rollouts.argoproj.io is forbidden: User "no-argo" cannot list resource "rollouts" in API group "argoproj.io" at the cluster scope',
    ],
    [
      "a forbidden group's discovery",
      'no-argo-token',
      '/apis/argoproj.io/v1alpha1',
      403,
      'forbidden: User "no-argo" cannot get path "/apis/argoproj.io/v1alpha1"',
    ],
    [
      "a forbidden group's group document",
      'no-argo-token',
      '/apis/argoproj.io',
      403,
      'forbidden: User "no-argo" cannot get path "/apis/argoproj.io"',
    ],
  ];
  for (const [what, token, path, code, message] of authCases) {
    it(`answers ${code} to ${what}`, async () => {
      const r = await get(server, path, { token });
      assert.equal(r.status, code);
      assert.equal(r.body.message, message);
    });
  }

  it('leaves forbidden namespaces out of cluster-wide lists for a filterClusterWide user', async () => {
    const r = await get(server, '/api/v1/pods', { token: 'filtered-token' });
    assert.deepEqual(
      r.body.items.map((p: any) => p.metadata.name),
      ['a1', 'a2', 'a3'],
    );
    const denied = await get(server, '/api/v1/namespaces/team-b/pods', { token: 'filtered-token' });
    assert.equal(denied.status, 403);
  });

  it('lets the tenant read its allowed namespace', async () => {
    const r = await get(server, '/api/v1/namespaces/team-a/pods', { token: 'tenant-token' });
    assert.equal(r.status, 200);
    assert.equal(r.body.items.length, 3);
  });

  it('watches: replays from a resourceVersion, then streams ADDED, MODIFIED, DELETED', async () => {
    const list = await get(server, '/api/v1/namespaces/team-a/pods', { token: TOKEN });
    const rv = list.body.metadata.resourceVersion;
    server.create(pod('team-a', 'a4'));
    const w = await watch(
      server,
      `/api/v1/namespaces/team-a/pods?watch=true&resourceVersion=${rv}`,
      {
        token: TOKEN,
      },
    );
    const added = await w.next();
    assert.deepEqual([added.type, added.object.metadata.name], ['ADDED', 'a4']);
    server.create(pod('team-b', 'elsewhere'));
    server.update({ ...pod('team-a', 'a1', { app: 'changed' }) });
    const modified = await w.next();
    assert.deepEqual([modified.type, modified.object.metadata.labels.app], ['MODIFIED', 'changed']);
    server.delete(pod('team-a', 'a2'));
    const deleted = await w.next();
    assert.deepEqual([deleted.type, deleted.object.metadata.name], ['DELETED', 'a2']);
    assert.ok(
      Number(deleted.object.metadata.resourceVersion) >
        Number(modified.object.metadata.resourceVersion),
    );
    w.close();
  });

  it('sends BOOKMARKs to watches that allow them', async () => {
    const w = await watch(server, '/api/v1/pods?watch=true&allowWatchBookmarks=true', {
      token: TOKEN,
    });
    for (let i = 0; i < 5; i++) assert.equal((await w.next()).type, 'ADDED');
    server.bookmark();
    const b = await w.next();
    assert.equal(b.type, 'BOOKMARK');
    assert.equal(b.object.metadata.resourceVersion, String(server.store.rv));
    w.close();
  });

  it('answers 410 Gone to a watch from a compacted resourceVersion', async () => {
    const rv = server.store.rv;
    server.create(pod('team-a', 'a9'));
    server.compact();
    const w = await watch(server, `/api/v1/pods?watch=true&resourceVersion=${rv}`, {
      token: TOKEN,
    });
    const e = await w.next();
    assert.equal(e.type, 'ERROR');
    assert.equal(e.object.code, 410);
    assert.equal(e.object.reason, 'Expired');
    await w.ended;
  });

  it('answers 410 to a continue token from before a compaction', async () => {
    const first = await get(server, '/api/v1/pods?limit=2', { token: TOKEN });
    server.create(pod('team-a', 'a9'));
    server.compact();
    const r = await get(server, `/api/v1/pods?limit=2&continue=${first.body.metadata.continue}`, {
      token: TOKEN,
    });
    assert.equal(r.status, 410);
  });

  it('cuts open watches on demand, and tells a test when a watch opens', async () => {
    const opened = server.waitForWatch('pods');
    const w = await watch(server, '/api/v1/pods?watch=true&resourceVersion=' + server.store.rv, {
      token: TOKEN,
    });
    await opened;
    assert.equal(server.openWatches(), 1);
    server.dropWatches();
    await w.ended;
  });

  it('injects faults on matching requests, a given number of times', async () => {
    server.injectFault({
      path: '/pods',
      verb: 'list',
      status: 503,
      message: 'etcd is down',
      times: 1,
    });
    const r1 = await get(server, '/api/v1/pods', { token: TOKEN });
    assert.deepEqual([r1.status, r1.body.message], [503, 'etcd is down']);
    const r2 = await get(server, '/api/v1/pods', { token: TOKEN });
    assert.equal(r2.status, 200);
  });

  it('records the requests it served', async () => {
    await get(server, '/api/v1/pods?limit=3', { token: TOKEN });
    const last = server.requests.at(-1)!;
    assert.deepEqual(
      [last.path, last.query.limit, last.user, last.status],
      ['/api/v1/pods', '3', 'admin', 200],
    );
  });
});

describe('apiserver over HTTPS', () => {
  let server: ApiServer;
  before(async () => {
    server = await startApiServer({ state: STATE, users: USERS, https: true });
  });
  after(() => server.close());

  it('serves with a certificate its CA signed, and puts the CA in the kubeconfig', async () => {
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const r = await get(server, '/api/v1/namespaces', { token: TOKEN });
    assert.deepEqual(
      r.body.items.map((n: any) => n.metadata.name),
      ['team-a', 'team-b'],
    );
    const kc = server.kubeconfig('admin', { namespace: 'team-a' });
    assert.ok(
      kc.includes(`certificate-authority-data: ${Buffer.from(server.caPem!).toString('base64')}`),
    );
    assert.match(kc, /namespace: team-a/);
    assert.match(kc, /token: admin-token/);
  });

  it('authenticates a client certificate by its CN', async () => {
    const kc = server.kubeconfig('tenant', { clientCertificate: true });
    const data = (k: string) =>
      Buffer.from(new RegExp(`${k}: (\\S+)`).exec(kc)![1], 'base64').toString('utf8');
    const cert = { cert: data('client-certificate-data'), key: data('client-key-data') };
    const ok = await get(server, '/api/v1/namespaces/team-a/pods', { cert });
    assert.equal(ok.status, 200);
    assert.equal(server.requests.at(-1)!.user, 'tenant');
    const denied = await get(server, '/api/v1/namespaces/team-b/pods', { cert });
    assert.equal(denied.status, 403);
  });
});

describe('apiserver as a slow server', () => {
  it('delays matching answers and counts how many were in flight at once', async () => {
    const server = await startApiServer({ state: STATE, users: USERS });
    try {
      server.injectFault({ path: '/pods', delayMs: 50 });
      const replies = await Promise.all(
        [1, 2, 3].map(() => get(server, '/api/v1/pods', { token: TOKEN })),
      );
      assert.deepEqual(
        replies.map((r) => r.status),
        [200, 200, 200],
      );
      assert.equal(server.peakConcurrency(), 3);
    } finally {
      await server.close();
    }
  });
});

describe('apiserver writes (kubectl create, replace, delete)', () => {
  let server: ApiServer;
  beforeEach(async () => {
    server = await startApiServer({
      state: STATE,
      users: [...USERS, { name: 'viewer', token: 'viewer-token', readOnly: true }],
    });
  });
  afterEach(() => server.close());

  it('creates, replaces and deletes a pod, and a watch sees each', async () => {
    const w = await watch(
      server,
      `/api/v1/namespaces/team-a/pods?watch=true&resourceVersion=${server.store.rv}`,
      {
        token: TOKEN,
      },
    );
    const created = await call(
      server,
      'POST',
      '/api/v1/namespaces/team-a/pods',
      pod('team-a', 'new'),
      {
        token: TOKEN,
      },
    );
    assert.deepEqual([created.status, created.body.metadata.namespace], [201, 'team-a']);
    const replaced = await call(
      server,
      'PUT',
      '/api/v1/namespaces/team-a/pods/new',
      pod('team-a', 'new', { v: '2' }),
      { token: TOKEN },
    );
    assert.equal(replaced.body.metadata.labels.v, '2');
    const deleted = await call(server, 'DELETE', '/api/v1/namespaces/team-a/pods/new', undefined, {
      token: TOKEN,
    });
    assert.equal(deleted.status, 200);
    assert.deepEqual(
      [(await w.next()).type, (await w.next()).type, (await w.next()).type],
      ['ADDED', 'MODIFIED', 'DELETED'],
    );
    w.close();
  });

  const refused: [string, string, string, unknown, string | undefined, number][] = [
    ['a duplicate', 'POST', '/api/v1/namespaces/team-a/pods', pod('team-a', 'a1'), TOKEN, 409],
    [
      'a read-only user',
      'POST',
      '/api/v1/namespaces/team-a/pods',
      pod('team-a', 'x'),
      'viewer-token',
      403,
    ],
    [
      'a forbidden namespace',
      'DELETE',
      '/api/v1/namespaces/team-b/pods/b1',
      undefined,
      'tenant-token',
      403,
    ],
    ['a missing object', 'DELETE', '/api/v1/namespaces/team-a/pods/zz', undefined, TOKEN, 404],
    [
      'a body of another kind',
      'POST',
      '/api/v1/namespaces/team-a/services',
      pod('team-a', 'x'),
      TOKEN,
      400,
    ],
    [
      'a patch of an unknown media type',
      'PATCH',
      '/api/v1/namespaces/team-a/pods/a1',
      {},
      TOKEN,
      415,
    ],
  ];
  for (const [what, method, path, body, token, code] of refused) {
    it(`answers ${code} to ${what}`, async () => {
      const r = await call(server, method, path, body, { token });
      assert.equal(r.status, code);
      assert.equal(r.body.kind, 'Status');
    });
  }
});

describe('apiserver anonymous access', () => {
  it('lets requests without credentials act as the anonymous user, and still refuses a bad token', async () => {
    const server = await startApiServer({ state: STATE, users: USERS, anonymous: 'tenant' });
    try {
      const ok = await get(server, '/api/v1/namespaces/team-a/pods');
      assert.deepEqual([ok.status, server.requests.at(-1)!.user], [200, 'tenant']);
      assert.equal((await get(server, '/api/v1/namespaces/team-b/pods')).status, 403);
      assert.equal((await get(server, '/api/v1/pods', { token: 'nope' })).status, 401);
      const api = await get(server, '/api');
      assert.equal(api.body.serverAddressByClientCIDRs[0].serverAddress, new URL(server.url).host);
    } finally {
      await server.close();
    }
  });
});

describe('apiserver token rotation', () => {
  it('rotateToken revokes the old token at once (401) and authenticates the new one', async () => {
    const users = [{ name: 'admin', token: TOKEN }];
    const server = await startApiServer({ state: STATE, users });
    try {
      assert.equal((await get(server, '/api', { token: TOKEN })).status, 200);
      server.rotateToken('admin', 'admin-token-2');
      assert.equal((await get(server, '/api', { token: TOKEN })).status, 401);
      assert.equal((await get(server, '/api', { token: 'admin-token-2' })).status, 200);
      assert.equal(server.requests.at(-1)!.user, 'admin');
      // The caller's user list is not changed: another server from it starts with the first token.
      assert.equal(users[0].token, TOKEN);
      assert.throws(() => server.rotateToken('nobody', 'x'), /no user "nobody"/);
    } finally {
      await server.close();
    }
  });

  it('onRequest tells each request as it arrives, before it is authenticated', async () => {
    const server = await startApiServer({ state: STATE, users: USERS });
    try {
      const seen: string[] = [];
      const off = server.onRequest((r) => {
        seen.push(r.path);
        if (r.path === '/api/v1/pods') server.rotateToken('admin', 'admin-token-3');
      });
      assert.equal((await get(server, '/api', { token: TOKEN })).status, 200);
      // Revoked as this very request arrived: it is already refused.
      assert.equal((await get(server, '/api/v1/pods', { token: TOKEN })).status, 401);
      off();
      assert.equal((await get(server, '/apis', { token: 'admin-token-3' })).status, 200);
      assert.deepEqual(seen, ['/api', '/api/v1/pods']);
    } finally {
      await server.close();
    }
  });
});
