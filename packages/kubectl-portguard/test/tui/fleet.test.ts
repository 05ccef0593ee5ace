// Several clusters in one TUI: the merged view, cluster groups above tenants, and `c` cycling clusters.
import assert from 'node:assert/strict';
import {
  objectsSource,
  type ClusterView,
  type SourceStatus,
} from '../../src/tui/findings-source.js';
import { fleetSource } from '../../src/tui/fleet-source.js';
import { buildRows } from '../../src/tui/model/finding-rows.js';
import { NO_FILTER } from '../../src/tui/model/view-filter.js';
import { initialAppState, reduceApp } from '../../src/tui/app/use-app-state.js';
import { fixtureObjects } from './cluster-objects.js';
import { EXPOSURE_RULES } from './contract-rules.js';
import { renderApp, type RenderedApp } from './render-app.js';

const INFO = { scope: 'all namespaces' };
const cluster = (context: string) => ({
  context,
  source: objectsSource(fixtureObjects('multi-tenant.yaml'), INFO, { rules: EXPOSURE_RULES }),
});

function firstView(source: ReturnType<typeof fleetSource>): Promise<ClusterView> {
  return new Promise((resolve) => {
    let last: ClusterView | undefined;
    const stop = source.start({
      onView: (v) => (last = v),
      onStatus: (s: SourceStatus) => {
        if (s.state === 'live' && last) {
          resolve(last);
          queueMicrotask(stop);
        }
      },
    });
  });
}

describe('tui: several clusters', () => {
  let app: RenderedApp | undefined;
  afterEach(() => app?.unmount());

  it('merges the clusters: each finding tagged, counts summed, the same object apart in each', async () => {
    const one = await firstView(fleetSource([cluster('east')], INFO));
    const two = await firstView(fleetSource([cluster('east'), cluster('west')], INFO));
    assert.equal(two.findings.length, 2 * one.findings.length);
    assert.equal(two.summary.findings, 2 * one.summary.findings);
    assert.deepEqual([...new Set(two.findings.map((f) => f.cluster))], ['east', 'west']);
    // Same objects in both clusters: two groups each, never merged into one.
    const rows = buildRows(two.findings, NO_FILTER, two.tenantOf).rows;
    const groups = rows.filter((r) => r.kind === 'group');
    assert.equal(
      groups.length,
      2 *
        buildRows(one.findings, NO_FILTER, one.tenantOf).rows.filter((r) => r.kind === 'group')
          .length,
    );
    assert.deepEqual(
      groups.map((g) => g.cluster),
      [
        ...groups.filter((g) => g.cluster === 'east'),
        ...groups.filter((g) => g.cluster === 'west'),
      ].map((g) => g.cluster),
      'east groups come first, then west: the cluster is the top level',
    );
  });

  it('c cycles every cluster → east → west → every cluster, and filters the rows', async () => {
    const clusters = ['east', 'west'];
    let s = initialAppState();
    const seen: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      s = reduceApp(s, { type: 'cycleCluster', clusters });
      seen.push(s.filter.cluster);
    }
    assert.deepEqual(seen, ['east', 'west', undefined]);
    assert.equal(
      reduceApp(initialAppState(), { type: 'cycleCluster', clusters: [] }).filter.cluster,
      undefined,
    );
  });

  it('the app shows cluster groups, the c key in the footer, and c narrows to one cluster', async () => {
    app = renderApp(
      fleetSource([cluster('east'), cluster('west')], {
        context: 'east, west',
        scope: 'all namespaces',
      }),
      {
        columns: 100,
        rows: 40,
      },
    );
    const f = await app.waitFor((x) => x.includes('● live'), 'live');
    assert.match(f, /▾ cluster east · tenant acme · namespace team-a \(2\)/);
    assert.match(f, /c cluster/);
    app.press('c');
    const east = await app.waitFor((x) => x.includes('showing cluster east'), 'cluster east');
    assert.ok(!east.includes('cluster west ·'), east);
    app.press('c');
    const west = await app.waitFor((x) => x.includes('showing cluster west'), 'cluster west');
    assert.ok(!west.includes('cluster east ·'), west);
    app.press('c');
    await app.waitFor((x) => x.includes('showing every cluster'), 'every cluster');
  });
});
