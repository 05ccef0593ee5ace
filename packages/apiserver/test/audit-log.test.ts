// The audit log: audit.k8s.io/v1 Events as kube-apiserver writes them with --audit-log-path, per level and stage.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer, type AuditOptions } from '../src/index.js';
import { call, get, watch } from './client.js';

const USERS = [
  { name: 'alice', token: 'alice-token', groups: ['team-a-devs'] },
  { name: 'bob', token: 'bob-token', forbiddenNamespaces: ['team-b'] },
];
const pod = (name: string, hostPort: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'team-a' },
  spec: { containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 80, hostPort }] }] },
});
const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

describe('audit log', () => {
  let dir: string;
  let server: ApiServer;
  let path: string;
  const start = async (audit: Partial<AuditOptions> = {}) => {
    server = await startApiServer({ users: USERS, audit: { path, ...audit } });
  };
  const events = () =>
    readFileSync(path, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portguard-audit-'));
    path = join(dir, 'audit.log');
  });
  afterEach(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes one RequestResponse ResponseComplete line per write, as kube-apiserver does', async () => {
    await start();
    const created = await call(
      server,
      'POST',
      '/api/v1/namespaces/team-a/pods?fieldManager=kubectl-client-side-apply',
      pod('web', 8080),
      {
        token: 'alice-token',
        headers: { 'User-Agent': 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07' },
      },
    );
    assert.equal(created.status, 201);
    const [e] = events();
    assert.deepEqual(Object.keys(e), [
      'kind',
      'apiVersion',
      'level',
      'auditID',
      'stage',
      'requestURI',
      'verb',
      'user',
      'sourceIPs',
      'userAgent',
      'objectRef',
      'responseStatus',
      'requestObject',
      'responseObject',
      'requestReceivedTimestamp',
      'stageTimestamp',
      'annotations',
    ]);
    assert.deepEqual(
      {
        ...e,
        auditID: undefined,
        requestReceivedTimestamp: undefined,
        stageTimestamp: undefined,
        requestObject: undefined,
        responseObject: undefined,
      },
      {
        kind: 'Event',
        apiVersion: 'audit.k8s.io/v1',
        level: 'RequestResponse',
        auditID: undefined,
        stage: 'ResponseComplete',
        requestURI: '/api/v1/namespaces/team-a/pods?fieldManager=kubectl-client-side-apply',
        verb: 'create',
        user: { username: 'alice', groups: ['team-a-devs', 'system:authenticated'] },
        sourceIPs: ['127.0.0.1'],
        userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07',
        objectRef: { resource: 'pods', namespace: 'team-a', name: 'web', apiVersion: 'v1' },
        responseStatus: { metadata: {}, code: 201 },
        requestObject: undefined,
        responseObject: undefined,
        requestReceivedTimestamp: undefined,
        stageTimestamp: undefined,
        annotations: {
          'authorization.k8s.io/decision': 'allow',
          'authorization.k8s.io/reason': '',
        },
      },
    );
    assert.match(e.auditID, /^[0-9a-f-]{36}$/);
    assert.match(e.requestReceivedTimestamp, MICRO);
    assert.match(e.stageTimestamp, MICRO);
    assert.deepEqual(e.requestObject, pod('web', 8080));
    assert.equal(e.responseObject.metadata.uid, created.body.metadata.uid);
  });

  it('logs patches with the patch as requestObject and the result as responseObject, reads, failures and impersonation', async () => {
    await start();
    await call(server, 'POST', '/api/v1/namespaces/team-a/pods', pod('web', 8080), {
      token: 'alice-token',
    });
    const patch = {
      spec: { containers: [{ name: 'app', ports: [{ containerPort: 80, hostPort: 9090 }] }] },
    };
    await call(server, 'PATCH', '/api/v1/namespaces/team-a/pods/web', patch, {
      token: 'alice-token',
      contentType: 'application/strategic-merge-patch+json',
    });
    await get(server, '/api/v1/namespaces/team-a/pods/web', { token: 'bob-token' });
    await get(server, '/api/v1/namespaces/team-b/pods', { token: 'bob-token' });
    await get(server, '/api/v1/pods', { token: 'nope' });
    await call(server, 'DELETE', '/api/v1/namespaces/team-a/pods/web', undefined, {
      token: 'alice-token',
      headers: { 'Impersonate-User': 'carol', 'Impersonate-Group': 'ops' },
    });
    const all = events();
    assert.deepEqual(
      all.map((e) => [
        e.verb,
        e.user.username,
        e.impersonatedUser?.username,
        e.objectRef?.name ?? e.objectRef?.resource,
        e.responseStatus.code,
      ]),
      [
        ['create', 'alice', undefined, 'web', 201],
        ['patch', 'alice', undefined, 'web', 200],
        ['get', 'bob', undefined, 'web', 200],
        ['list', 'bob', undefined, 'pods', 403],
        ['list', 'system:anonymous', undefined, 'pods', 401],
        ['delete', 'alice', 'carol', 'web', 200],
      ],
    );
    assert.deepEqual(all[1].requestObject, patch);
    assert.equal(all[1].responseObject.spec.containers[0].ports[0].hostPort, 9090);
    assert.deepEqual(all[3].responseStatus, {
      metadata: {},
      status: 'Failure',
      message:
        'pods is forbidden: User "bob" cannot list resource "pods" in API group "" in the namespace "team-b"',
      reason: 'Forbidden',
      details: { kind: 'pods', group: '' },
      code: 403,
    });
    assert.equal(all[3].annotations['authorization.k8s.io/decision'], 'forbid');
    assert.deepEqual(all[5].impersonatedUser, {
      username: 'carol',
      groups: ['ops', 'system:authenticated'],
    });
  });

  it('at level Metadata logs no bodies; RequestReceived and a watch ResponseStarted when asked', async () => {
    await start({ level: 'Metadata', requestReceived: true });
    await call(server, 'POST', '/api/v1/namespaces/team-a/pods', pod('web', 8080), {
      token: 'alice-token',
    });
    const w = await watch(server, '/api/v1/namespaces/team-a/pods?watch=true', {
      token: 'alice-token',
    });
    await w.next();
    w.close();
    await w.ended;
    await server.close();
    const all = events();
    assert.deepEqual(
      all.map((e) => [e.stage, e.verb, e.level, 'requestObject' in e, 'responseObject' in e]),
      [
        ['RequestReceived', 'create', 'Metadata', false, false],
        ['ResponseComplete', 'create', 'Metadata', false, false],
        ['RequestReceived', 'watch', 'Metadata', false, false],
        ['ResponseStarted', 'watch', 'Metadata', false, false],
        ['ResponseComplete', 'watch', 'Metadata', false, false],
      ],
    );
    assert.equal(new Set(all.slice(2).map((e) => e.auditID)).size, 1);
    assert.equal(all[1].objectRef.name, 'web', 'the name is known from the body even at Metadata');
  });

  it('a policy function decides per request; Request level keeps the request body only', async () => {
    await start({ level: (r) => (r.verb === 'get' || r.verb === 'list' ? 'None' : 'Request') });
    await call(server, 'POST', '/api/v1/namespaces/team-a/pods', pod('web', 8080), {
      token: 'alice-token',
    });
    await get(server, '/api/v1/namespaces/team-a/pods', { token: 'alice-token' });
    const all = events();
    assert.deepEqual(
      all.map((e) => [e.verb, e.level, 'requestObject' in e, 'responseObject' in e]),
      [['create', 'Request', true, false]],
    );
  });
});
