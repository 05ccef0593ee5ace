// The metric families of one scanned state: exact samples, suppressed counts, bounded webhook labels.
import assert from 'node:assert/strict';
import { defaultConfig } from '@portguard/core';
import { createMetrics } from '../src/metrics/metrics.js';
import { LiveState } from '../src/watch/live-state.js';
import { clusterObjects } from './review-fixtures.js';

const samples = (text: string, family: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith(`${family}{`) || l.startsWith(`${family} `))
    .sort();

describe('metrics', () => {
  const state = new LiveState({ config: defaultConfig() }, () => 1_700_000_000_000);
  const objects = clusterObjects();
  state.update(objects, objects);
  state.watchUp.set('Pod', true).set('Service', false);
  const metrics = createMetrics({ defaultMetrics: false });
  metrics.observe(state);

  it('portguard_findings counts findings by rule, severity, namespace and tenant', async () => {
    assert.deepEqual(samples(await metrics.registry.metrics(), 'portguard_findings'), [
      'portguard_findings{rule="host-port",severity="high",namespace="shop-web",tenant="shop"} 1',
      'portguard_findings{rule="namespace-without-pod-security",severity="medium",namespace="blog",tenant="blog"} 1',
      'portguard_findings{rule="namespace-without-pod-security",severity="medium",namespace="lab",tenant="lab"} 1',
      'portguard_findings{rule="namespace-without-pod-security",severity="medium",namespace="shop-api",tenant="shop"} 1',
      'portguard_findings{rule="namespace-without-pod-security",severity="medium",namespace="shop-web",tenant="shop"} 1',
      'portguard_findings{rule="nodeport-service",severity="high",namespace="shop-web",tenant="shop"} 1',
      'portguard_findings{rule="service-exposure-unrestricted",severity="medium",namespace="",tenant=""} 1',
    ]);
  });

  it('portguard_finding_info carries the kind and name', async () => {
    const info = samples(await metrics.registry.metrics(), 'portguard_finding_info');
    assert.ok(
      info.includes(
        'portguard_finding_info{rule="host-port",severity="high",namespace="shop-web",tenant="shop",kind="Deployment",name="edge"} 1',
      ),
      info.join('\n'),
    );
  });

  it('objects by kind, watch health, last sync', async () => {
    const text = await metrics.registry.metrics();
    assert.deepEqual(samples(text, 'portguard_objects'), [
      'portguard_objects{kind="Deployment"} 2',
      'portguard_objects{kind="Namespace"} 5',
      'portguard_objects{kind="Service"} 1',
    ]);
    assert.deepEqual(samples(text, 'portguard_watch_up'), [
      'portguard_watch_up{kind="Pod"} 1',
      'portguard_watch_up{kind="Service"} 0',
    ]);
    assert.deepEqual(samples(text, 'portguard_last_sync_timestamp_seconds'), [
      'portguard_last_sync_timestamp_seconds 1700000000',
    ]);
  });

  it('a finding that goes away leaves no sample behind', async () => {
    const s = new LiveState({ config: defaultConfig() });
    const m = createMetrics({ defaultMetrics: false });
    s.update(objects, objects);
    m.observe(s);
    const without = objects.filter((o) => o.ref.name !== 'edge');
    const change = s.update(without, without);
    m.observe(s);
    assert.deepEqual(
      change.disappeared.map((f) => `${f.rule} ${f.object.name}`),
      ['host-port edge'],
    );
    assert.equal((await m.registry.metrics()).includes('name="edge"'), false);
  });

  it('webhook labels are cut down to known operations and kinds', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.review({ operation: 'CREATE', kind: 'Pod', decision: 'denied' }, 0.001);
    m.review({ operation: 'EXPLODE', kind: 'Widget-1234', decision: 'error' }, 0.002);
    const text = await m.registry.metrics();
    assert.deepEqual(samples(text, 'portguard_webhook_reviews_total'), [
      'portguard_webhook_reviews_total{operation="CREATE",kind="Pod",decision="denied"} 1',
      'portguard_webhook_reviews_total{operation="other",kind="other",decision="error"} 1',
    ]);
    assert.ok(
      samples(text, 'portguard_webhook_review_duration_seconds_count').includes(
        'portguard_webhook_review_duration_seconds_count 2',
      ),
    );
  });
});
