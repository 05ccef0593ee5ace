// Injected faults: each answers (or breaks) the way a real API server or network does.
import assert from 'node:assert/strict';
import http from 'node:http';
import { startApiServer, verbOf, type ApiServer } from '../src/index.js';
import { get, watch } from './client.js';

const STATE = `
apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Pod
metadata: {name: p1, namespace: a}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: p2, namespace: a}
spec: {containers: [{name: c, image: i}]}
`;
const TOKEN = 'faults-token';

/** A raw GET that reports how it ended: status and headers, or the socket error. */
function raw(server: ApiServer, path: string, timeoutMs = 2000) {
  return new Promise<{ status?: number; retryAfter?: string; body?: string; error?: string }>(
    (resolve) => {
      const req = http.get(new URL(path, server.url), {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
      req.on('error', (e) => resolve({ error: e.message }));
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('error', (e) => resolve({ status: res.statusCode, error: e.message }));
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            retryAfter: res.headers['retry-after'] as string | undefined,
            body,
          }),
        );
      });
    },
  );
}

describe('faults', () => {
  let server: ApiServer;
  beforeEach(async () => {
    server = await startApiServer({ state: STATE, users: [{ name: 'admin', token: TOKEN }] });
  });
  afterEach(() => server.close());

  it('tells discovery, get, list and watch apart', () => {
    const cases: [string, Record<string, string>, string][] = [
      ['/apis', {}, 'discovery'],
      ['/api/v1', {}, 'discovery'],
      ['/apis/apps/v1', {}, 'discovery'],
      ['/api/v1/pods', {}, 'list'],
      ['/api/v1/namespaces/a/pods', {}, 'list'],
      ['/api/v1/namespaces', {}, 'list'],
      ['/api/v1/namespaces/a', {}, 'get'],
      ['/api/v1/namespaces/a/pods/p1', {}, 'get'],
      ['/apis/apps/v1/deployments', { watch: 'true' }, 'watch'],
    ];
    for (const [path, query, verb] of cases) assert.equal(verbOf(path, query), verb, path);
  });

  it('429 with Retry-After for the next request only', async () => {
    server.faults.add({ path: '/pods', status: 429, retryAfter: 1, times: 1 });
    const first = await raw(server, '/api/v1/pods');
    assert.equal(first.status, 429);
    assert.equal(first.retryAfter, '1');
    assert.equal(JSON.parse(first.body!).reason, 'TooManyRequests');
    assert.equal((await raw(server, '/api/v1/pods')).status, 200);
  });

  it('a reset in the middle of the body', async () => {
    server.faults.add({ path: '/pods', resetMidBody: true });
    const r = await raw(server, '/api/v1/pods');
    assert.equal(r.status, 200);
    assert.match(r.error ?? '', /aborted|reset/);
  });

  it('an expired continue token is 410 Expired; the first page is served', async () => {
    server.faults.add({ expireContinue: true });
    const page = await get(server, '/api/v1/pods?limit=1', { token: TOKEN });
    assert.equal(page.status, 200);
    const next = await get(server, `/api/v1/pods?limit=1&continue=${page.body.metadata.continue}`, {
      token: TOKEN,
    });
    assert.equal(next.status, 410);
    assert.equal(next.body.reason, 'Expired');
  });

  it('a silent server never answers; removing the fault answers again', async () => {
    const undo = server.faults.add({ verb: 'list', silent: true });
    assert.equal((await raw(server, '/api/v1/pods', 300)).error, 'client timeout');
    undo();
    assert.equal((await raw(server, '/api/v1/pods')).status, 200);
  });

  it('a slow answer still comes', async () => {
    server.faults.add({ delayMs: 100, times: 1 });
    assert.equal((await raw(server, '/api/v1/pods')).status, 200);
  });

  it('a watch cut after its first events', async () => {
    server.faults.add({ cutWatch: true, afterEvents: 1, times: 1 });
    const w = await watch(server, '/api/v1/pods?watch=true', { token: TOKEN });
    assert.equal((await w.next()).type, 'ADDED');
    await w.ended;
    assert.equal(server.openWatches(), 0);
  });
});
