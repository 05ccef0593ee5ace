// watchCluster against the project's API server: first snapshot, live changes, dropped watches, 410, outage.
import assert from 'node:assert/strict';
import type { ManifestObject } from '@portguard/core';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { watchCluster, type StopWatch, type WatchStatus } from '../src/watch-cluster.js';
import { multiTenant, writeTemp } from './fixtures.js';

/** Collects snapshots and statuses; `until` resolves when one satisfies a predicate (waits on events). */
class Recorder {
  snapshots: ManifestObject[][] = [];
  statuses: WatchStatus[] = [];
  private waiters: (() => void)[] = [];
  handlers = {
    onSnapshot: (objects: ManifestObject[]) => this.push(() => this.snapshots.push(objects)),
    onStatus: (s: WatchStatus) => this.push(() => this.statuses.push(s)),
  };
  private push(f: () => void) {
    f();
    for (const w of this.waiters.splice(0)) w();
  }
  async until<T>(probe: () => T | undefined): Promise<T> {
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== false) return v;
      await new Promise<void>((r) => this.waiters.push(r));
    }
  }
  latest(): ManifestObject[] | undefined {
    return this.snapshots.at(-1);
  }
  has(name: string): boolean | undefined {
    return this.latest()?.some((o) => o.ref.name === name) || undefined;
  }
  lacks(name: string): boolean | undefined {
    const l = this.latest();
    return (l !== undefined && !l.some((o) => o.ref.name === name)) || undefined;
  }
}

const hostPortPod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'team-c' },
  spec: { containers: [{ name: 'x', image: 'x', ports: [{ containerPort: 80, hostPort: 8081 }] }] },
});

describe('watchCluster', () => {
  let server: ApiServer;
  let stop: StopWatch | undefined;
  let rec: Recorder;
  beforeEach(async () => {
    server = await startApiServer({ state: multiTenant() });
    rec = new Recorder();
    const kubeconfig = writeTemp('watch.yaml', server.kubeconfig());
    stop = watchCluster({ kubeconfig, allNamespaces: true }, rec.handlers, {
      backoff: { initialMs: 50, maxMs: 200 },
    });
    await rec.until(() => rec.statuses.find((s) => s.state === 'live'));
  });
  afterEach(async () => {
    await stop?.();
    await server.close();
  });

  it('gives a first snapshot with owned pods folded into their controllers', () => {
    const first = rec.snapshots[0];
    assert.equal(rec.snapshots.length, 1);
    const web = first.find((o) => o.ref.kind === 'Deployment' && o.ref.name === 'web');
    assert.equal(web?.podCount, 3);
    assert.equal(
      first
        .filter((o) => o.ref.kind === 'Pod')
        .map((o) => o.ref.name)
        .join(),
      'debug',
    );
    assert.equal(rec.statuses[0].state, 'listing');
  });

  it('sees a pod added, changed and deleted on the server', async () => {
    server.create(hostPortPod('intruder'));
    await rec.until(() => rec.has('intruder'));
    const changed = hostPortPod('intruder');
    changed.spec.containers[0].ports[0].hostPort = 9999;
    server.update(changed);
    await rec.until(() =>
      rec
        .latest()!
        .find(
          (o) => o.ref.name === 'intruder' && o.value.spec.containers[0].ports[0].hostPort === 9999,
        ),
    );
    server.delete(hostPortPod('intruder'));
    await rec.until(() => rec.lacks('intruder'));
  });

  it('reconnects after the watch connections are cut', async () => {
    await server.waitForWatch('pods');
    server.dropWatches();
    server.create(hostPortPod('after-drop'));
    await rec.until(() => rec.has('after-drop'));
  });

  it('resumes a cut watch from the last resourceVersion it saw, without listing again', async () => {
    await server.waitForWatch('pods');
    const pods = () => server.requests.filter((r) => r.path === '/api/v1/pods');
    const before = pods().length;
    // The next pods watch is cut after one event; the event's resourceVersion is where to resume.
    server.faults.add({ path: '/api/v1/pods', cutWatch: true, afterEvents: 1, times: 1 });
    server.dropWatches();
    await server.waitForWatch('pods');
    const first = server.create(hostPortPod('seen-before-cut'));
    await rec.until(() => rec.has('seen-before-cut'));
    server.create(hostPortPod('after-cut'));
    await rec.until(() => rec.has('after-cut'));
    const asked = pods().slice(before);
    assert.ok(
      asked.every((r) => r.watch),
      'no list: the watch resumed',
    );
    assert.ok(
      asked.some((r) => r.query.resourceVersion === first.metadata.resourceVersion),
      'resumed from the last event seen',
    );
  });

  it('a watch stream that is not JSON ends that watch, without a crash; the next one sees changes', async () => {
    await server.waitForWatch('pods');
    server.faults.add({ path: '/api/v1/pods', garbledWatch: true, times: 1 });
    server.dropWatches();
    server.create(hostPortPod('after-garble'));
    await rec.until(() => rec.has('after-garble'));
  });

  it('relists when its resourceVersion has expired (410 Gone)', async () => {
    await server.waitForWatch('pods');
    const listsBefore = server.requests.filter((r) => r.path === '/api/v1/pods' && !r.watch).length;
    server.create(hostPortPod('during-outage'));
    server.compact();
    server.dropWatches();
    await rec.until(() => rec.has('during-outage'));
    const listsAfter = server.requests.filter((r) => r.path === '/api/v1/pods' && !r.watch).length;
    assert.ok(listsAfter > listsBefore, 'pods were listed again');
  });

  it('reports disconnected with the reason while the server is down', async () => {
    const url = server.url;
    await server.close();
    // A kept-alive socket may first fail with "connection reset"; the retries then meet a closed port.
    const down = await rec.until(() =>
      rec.statuses.find((s) => s.state === 'disconnected' && s.reason.endsWith('refused')),
    );
    assert.deepEqual(
      { ...down, retryInMs: 0 },
      {
        state: 'disconnected',
        reason: `cannot reach the cluster at ${url}: connection refused`,
        retryInMs: 0,
        server: url,
        context: 'portguard-test',
      },
    );
  });
});

describe('watchCluster with partial rights', () => {
  it('watches the allowed namespaces one by one and names the forbidden one', async () => {
    const server = await startApiServer({
      state: multiTenant(),
      users: [{ name: 'tenant', token: 'tenant-token', forbiddenNamespaces: ['team-c'] }],
    });
    const rec = new Recorder();
    const stop = watchCluster(
      {
        kubeconfig: writeTemp('watch-tenant.yaml', server.kubeconfig('tenant')),
        allNamespaces: true,
      },
      rec.handlers,
    );
    try {
      const live = await rec.until(() => rec.statuses.find((s) => s.state === 'live'));
      assert.deepEqual(live.state === 'live' && live.warnings, [
        'namespace "team-c" skipped: forbidden to list any of its resources (403)',
      ]);
      assert.equal(
        rec.latest()!.some((o) => o.ref.namespace === 'team-c'),
        false,
      );
      server.create({ ...hostPortPod('late'), metadata: { name: 'late', namespace: 'team-a' } });
      await rec.until(() => rec.has('late'));
      // A namespace created after the fall-back to per-namespace watches is watched too.
      server.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-d' } });
      server.create({
        ...hostPortPod('newcomer'),
        metadata: { name: 'newcomer', namespace: 'team-d' },
      });
      await rec.until(() => rec.has('newcomer'));
      server.create({
        ...hostPortPod('second'),
        metadata: { name: 'second', namespace: 'team-d' },
      });
      await rec.until(() => rec.has('second'));
    } finally {
      await stop();
      await server.close();
    }
  });
});
