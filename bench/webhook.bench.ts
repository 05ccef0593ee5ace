// Webhook bench: 200 reviews/s for 60 s over TLS to portguard's /validate beside an allow-only /allow on the same server; p99 side by side.
import { fork } from 'node:child_process';
import https from 'node:https';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, percentile, type BenchResult } from './lib.js';

export const name = 'webhook';

const SECONDS = Number(process.env.WEBHOOK_BENCH_SECONDS ?? 60);
const RATE = Number(process.env.WEBHOOK_BENCH_RATE ?? 200);
const here = dirname(fileURLToPath(import.meta.url));

/** AdmissionReviews as the API server sends them: clean pods, hostPort pods (some on ports other tenants hold), NodePort Services. */
function reviews(): string[] {
  const out: string[] = [];
  for (let i = 0; i < 300; i++) {
    const ns = `ns-${String(i % 100).padStart(3, '0')}`;
    const uid = `bench-${i}`;
    const kind = i % 3;
    const object =
      kind === 2
        ? {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: { name: `svc-${i}`, namespace: ns },
            spec: {
              type: 'NodePort',
              selector: { app: 'web' },
              ports: [{ port: 80, nodePort: 30000 + (i % 100) }],
            },
          }
        : {
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: `pod-${i}`, namespace: ns, labels: { app: 'web' } },
            spec: {
              containers: [
                {
                  name: 'app',
                  image: 'registry.example.com/web:1.0',
                  ports: [
                    { containerPort: 8080, ...(kind === 1 ? { hostPort: 8000 + (i % 200) } : {}) },
                  ],
                  resources: { requests: { cpu: '100m', memory: '128Mi' } },
                },
              ],
            },
          };
    const [group, version] = object.apiVersion.includes('/')
      ? object.apiVersion.split('/')
      : ['', object.apiVersion];
    out.push(
      JSON.stringify({
        apiVersion: 'admission.k8s.io/v1',
        kind: 'AdmissionReview',
        request: {
          uid,
          kind: { group, version, kind: object.kind },
          resource: { group, version, resource: object.kind === 'Pod' ? 'pods' : 'services' },
          namespace: ns,
          name: object.metadata.name,
          operation: 'CREATE',
          userInfo: {
            username: 'system:serviceaccount:ci:deployer',
            groups: ['system:authenticated'],
          },
          object,
          oldObject: null,
          dryRun: false,
          options: { apiVersion: 'meta.k8s.io/v1', kind: 'CreateOptions' },
        },
      }),
    );
  }
  return out;
}

export async function run(): Promise<BenchResult> {
  const target = fork(join(here, 'webhook-target.ts'), [], {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const ready = await new Promise<{ url: string; ca: string; objects: number }>(
      (resolve, reject) => {
        target.once('message', (m) => resolve(m as { url: string; ca: string; objects: number }));
        target.once('exit', (code) => reject(new Error(`the webhook server exited (${code})`)));
      },
    );
    // The API server keeps connections to a webhook open; so does this client.
    const agent = new https.Agent({ keepAlive: true, maxSockets: 64, ca: ready.ca });
    const bodies = reviews();
    const post = (path: string, body: string) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const req = https.request(
          `${ready.url}${path}`,
          {
            method: 'POST',
            agent,
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(body),
            },
          },
          (res) => {
            res.resume();
            res.on('end', () =>
              res.statusCode === 200
                ? resolve(performance.now() - started)
                : reject(new Error(`${path}: ${res.statusCode}`)),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    // Warm up both paths (TLS sessions, JIT) before the clock starts.
    for (let i = 0; i < 200; i++)
      await Promise.all([
        post('/validate', bodies[i % bodies.length]),
        post('/allow', bodies[i % bodies.length]),
      ]);

    target.send('reset');
    const latencies: Record<'/validate' | '/allow', number[]> = { '/validate': [], '/allow': [] };
    let errors = 0;
    const pending: Promise<void>[] = [];
    const total = SECONDS * RATE;
    const start = performance.now();
    // Open loop: request i of each side is sent at i/RATE s, whether or not earlier ones answered;
    // the two sides alternate which goes first, so neither always has the warmer socket.
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const body = bodies[i % bodies.length];
      const order = i % 2 ? (['/validate', '/allow'] as const) : (['/allow', '/validate'] as const);
      for (const path of order)
        pending.push(
          post(path, body).then(
            (ms) => void latencies[path].push(ms),
            () => void errors++,
          ),
        );
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - start) / 1000;
    agent.destroy();
    const inside = await new Promise<Record<string, number[]>>((resolve) => {
      target.once('message', (m) =>
        resolve((m as { handlerMs: Record<string, number[]> }).handlerMs),
      );
      target.send('report');
    });
    const v = latencies['/validate'];
    const a = latencies['/allow'];
    const p99v = percentile(v, 99);
    const p99a = percentile(a, 99);
    return {
      name,
      title: `${RATE} reviews/s to each of /validate and /allow for ${SECONDS} s, one TLS server (${ready.objects} objects in the watched state)`,
      rows: [
        {
          metric: 'p99 latency, portguard /validate',
          value: p99v,
          unit: 'ms',
          baseline: p99a,
          baselineLabel: 'allow-only',
          ratio: p99v / p99a,
          target: 1.5,
        },
        {
          metric: 'p50 latency, portguard /validate',
          value: median(v),
          unit: 'ms',
          baseline: median(a),
          baselineLabel: 'allow-only',
          ratio: median(v) / median(a),
        },
        {
          metric: 'max latency, portguard /validate',
          value: Math.max(...v),
          unit: 'ms',
          baseline: Math.max(...a),
          baselineLabel: 'allow-only',
        },
        {
          metric: 'p99 time inside the handler (review vs allow)',
          value: percentile(inside['/validate'], 99),
          unit: 'ms',
          baseline: percentile(inside['/allow'], 99),
          baselineLabel: 'allow-only',
        },
        {
          metric: 'reviews answered per side',
          value: v.length / elapsed,
          unit: 'reviews/s',
          baseline: a.length / elapsed,
          baselineLabel: 'allow-only',
        },
      ],
      notes: [
        `${v.length} + ${a.length} reviews in ${elapsed.toFixed(1)} s, ${errors} errors; a third clean pods, a third hostPort pods, a third NodePort Services (mode warn).`,
        'The server runs in its own process; the load generator is open-loop (sends on schedule, not after answers).',
        "Both sides share the server's event loop (the issue's \"same server\"): a slow review also delays the allow-only answer queued behind it, so the handler row gives review()'s own cost.",
        `load average during the run: ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${cpus().length} cores.`,
      ],
    };
  } finally {
    if (target.pid && target.exitCode === null) {
      const exited = new Promise((r) => target.once('exit', r));
      process.kill(target.pid, 'SIGTERM');
      await exited;
    }
  }
}
