// The plain-HTTP endpoints: /readyz and /findings wait for the first list; /metrics is the registry's text; other paths and methods are refused.
import assert from 'node:assert/strict';
import { defaultConfig } from '@portguard/core';
import { createMetrics } from '../src/metrics/metrics.js';
import { startMetricsServer, type MetricsServer } from '../src/http/metrics-server.js';
import { parseListenAddress } from '../src/http/listen-address.js';
import { LiveState } from '../src/watch/live-state.js';
import { clusterObjects } from './review-fixtures.js';

describe('metrics server', () => {
  const state = new LiveState({ config: defaultConfig() });
  const metrics = createMetrics({ defaultMetrics: false });
  let server: MetricsServer;
  before(async () => {
    server = await startMetricsServer(
      { host: '127.0.0.1', port: 0 },
      {
        metrics,
        state,
        report: (result, warnings) => ({ findings: result.findings.length, warnings }),
      },
    );
  });
  after(() => server.close());
  const get = async (path: string, method = 'GET') => {
    const res = await fetch(`${server.url}${path}`, { method });
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };

  it('before the first list: /healthz 200, /readyz and /findings 503', async () => {
    assert.equal((await get('/healthz')).status, 200);
    assert.equal((await get('/readyz')).status, 503);
    assert.equal((await get('/findings')).status, 503);
  });

  it('after it: /readyz 200, /findings the report of the latest scan', async () => {
    const objects = clusterObjects();
    state.update(objects, objects);
    state.warnings = ['namespace "x" skipped: forbidden to list any of its resources (403)'];
    metrics.observe(state);
    assert.equal((await get('/readyz')).status, 200);
    const findings = await get('/findings');
    assert.equal(findings.type, 'application/json');
    assert.deepEqual(JSON.parse(findings.text), {
      findings: state.result.findings.length,
      warnings: state.warnings,
    });
  });

  it('/metrics is the Prometheus text format', async () => {
    const m = await get('/metrics');
    assert.equal(m.status, 200);
    assert.match(m.type ?? '', /^text\/plain; version=0\.0\.4/);
    assert.match(
      m.text,
      /^portguard_findings\{rule="host-port",severity="high",namespace="shop-web",tenant="shop"\} 1$/m,
    );
  });

  it('another path is 404, another method 405', async () => {
    assert.equal((await get('/nope')).status, 404);
    assert.equal((await get('/metrics', 'POST')).status, 405);
  });

  const addresses: [string, ReturnType<typeof parseListenAddress> | RegExp][] = [
    [':9090', { host: undefined, port: 9090 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['[::1]:8443', { host: '::1', port: 8443 }],
    ['0.0.0.0:65535', { host: '0.0.0.0', port: 65535 }],
    ['9090', /is not HOST:PORT/],
    ['host:99999', /is not HOST:PORT/],
    ['::1:80', /is not HOST:PORT/],
  ];
  for (const [value, expected] of addresses)
    it(`--metrics-addr ${value}`, () => {
      if (expected instanceof RegExp) assert.throws(() => parseListenAddress(value), expected);
      else assert.deepEqual(parseListenAddress(value), expected);
    });
});
