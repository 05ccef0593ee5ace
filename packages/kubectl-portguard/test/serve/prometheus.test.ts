// A real Prometheus (Debian's binary, on loopback) scrapes serve; PromQL through its HTTP API gives the findings serve reports.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@portguard/apiserver';
import { multiTenant, writeTemp } from '../live/fixtures.js';
import { fetchText, startServeProcess, type ServeProcess } from './serve-process.js';

/** A port free right now on loopback (Prometheus cannot report the port of :0). */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Tries `probe` until it returns a value, each try right after the previous answer; fails at the deadline. */
async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    // Prometheus answers in a few ms; wait on a timer only as long as one scrape interval at most.
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${ms} ms (${String(last ?? 'no answer')})`);
}

describe('Prometheus scraping serve (real prometheus binary)', function () {
  this.timeout(90_000);
  let api: ApiServer;
  let serve: ServeProcess;
  let metricsUrl: string;
  let prometheus: ChildProcess | undefined;
  let promUrl: string;
  let dir: string;
  let promLog = '';

  before(async () => {
    api = await startApiServer({ state: multiTenant(), https: true });
    const kubeconfig = writeTemp('serve-prom.yaml', api.kubeconfig());
    const s = await startServeProcess([
      '--kubeconfig',
      kubeconfig,
      '--metrics-addr',
      '127.0.0.1:0',
    ]);
    serve = s.serve;
    metricsUrl = s.started.metrics;
    await serve.waitFor((l) => l.msg === 'synced', 20_000);
    dir = mkdtempSync(join(tmpdir(), 'portguard-prometheus-'));
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      `global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: portguard
    static_configs: [{ targets: ['${new URL(metricsUrl).host}'] }]
`,
    );
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    prometheus.stderr!.on('data', (c: Buffer) => (promLog += c.toString()));
    await until('prometheus ready', 30_000, async () =>
      (await fetchText(`${promUrl}/-/ready`)).status === 200 ? true : undefined,
    ).catch((e: Error) => {
      throw new Error(`${e.message}\n${promLog.slice(-2000)}`);
    });
  });
  after(async () => {
    if (prometheus?.pid && prometheus.exitCode === null) {
      const exited = new Promise((r) => prometheus!.once('exit', r));
      process.kill(prometheus.pid, 'SIGTERM');
      await exited;
    }
    await serve?.stop();
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const query = async (promql: string) => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const body = (await res.json()) as any;
    assert.equal(body.status, 'success', JSON.stringify(body));
    return body.data.result as { metric: Record<string, string>; value: [number, string] }[];
  };

  it('portguard_findings through PromQL equals the findings serve reports, by rule, severity, namespace and tenant', async () => {
    const report = JSON.parse((await fetchText(`${metricsUrl}/findings`)).text);
    const expected = new Map<string, number>();
    for (const f of report.findings) {
      const ns = f.object.namespace ?? (f.object.kind === 'Namespace' ? f.object.name : '');
      const key = `${f.rule}|${f.severity}|${ns}|${f.tenant ?? ''}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const result = await until('portguard_findings scraped', 30_000, async () => {
      const r = await query('portguard_findings{job="portguard"}');
      return r.length > 0 ? r : undefined;
    });
    const got = new Map(
      result.map((s) => [
        // Prometheus drops a label whose value is empty: a cluster-wide finding has no namespace.
        `${s.metric.rule}|${s.metric.severity}|${s.metric.namespace ?? ''}|${s.metric.tenant ?? ''}`,
        Number(s.value[1]),
      ]),
    );
    assert.deepEqual([...got].sort(), [...expected].sort());
    assert.ok(
      [...got.keys()].some((k) => k.startsWith('host-port|high|team-a|')),
      [...got.keys()].join('\n'),
    );
  });

  it('sums by severity as an alert would read it', async () => {
    const report = JSON.parse((await fetchText(`${metricsUrl}/findings`)).text);
    const high = await query('sum(portguard_findings{job="portguard",severity="high"})');
    assert.equal(Number(high[0].value[1]), report.summary.bySeverity.high);
    const up = await query('min(portguard_watch_up{job="portguard"})');
    assert.equal(up[0].value[1], '1');
  });
});
