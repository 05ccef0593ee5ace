// watchCluster's per-kind health (onKindHealth) and the listed objects beside each folded snapshot.
import assert from 'node:assert/strict';
import type { ManifestObject } from '@portguard/core';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { watchCluster, type StopWatch } from '../src/watch-cluster.js';
import { multiTenant, writeTemp } from './fixtures.js';

describe('watchCluster kind health', () => {
  let server: ApiServer;
  let stop: StopWatch | undefined;
  const health = new Map<string, boolean>();
  let listed: readonly ManifestObject[] = [];
  let folded: ManifestObject[] = [];
  let waiters: (() => void)[] = [];
  const changed = () => {
    for (const w of waiters.splice(0)) w();
  };
  const until = async (probe: () => boolean) => {
    while (!probe()) await new Promise<void>((r) => waiters.push(r));
  };

  beforeEach(async () => {
    health.clear();
    waiters = [];
    server = await startApiServer({ state: multiTenant() });
    const kubeconfig = writeTemp('health.yaml', server.kubeconfig());
    stop = watchCluster(
      { kubeconfig, allNamespaces: true },
      {
        onSnapshot: (objects, all) => {
          folded = objects;
          listed = all;
          changed();
        },
        onStatus: changed,
        onKindHealth: (kind, up) => {
          health.set(kind, up);
          changed();
        },
      },
      { backoff: { initialMs: 20, maxMs: 50 } },
    );
    await until(() => folded.length > 0);
  });
  afterEach(async () => {
    await stop?.();
    await server.close();
  });

  it('reports every kind up once listed, and the pods before folding', () => {
    assert.equal(health.get('Pod'), true);
    assert.equal(health.get('Service'), true);
    assert.equal(health.get('Namespace'), true);
    const pods = (os: readonly ManifestObject[]) => os.filter((o) => o.ref.kind === 'Pod').length;
    assert.ok(pods(listed) > pods(folded), `${pods(listed)} listed pods, ${pods(folded)} kept`);
  });

  it('reports a kind down while its watch fails, and up again when it recovers', async () => {
    const undo = server.injectFault({ path: '/api/v1/services', status: 500 });
    server.dropWatches();
    await until(() => health.get('Service') === false);
    assert.equal(health.get('Pod'), true);
    undo();
    await until(() => health.get('Service') === true);
  });
});
