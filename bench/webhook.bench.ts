// Webhook bench: 200 reviews/s for 60 s over TLS to portguard's /validate and to an allow-only webhook (same server code, own process); p99 side by side.
import { fork, type ChildProcess } from 'node:child_process';
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
export function reviews(): string[] {
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

interface Target {
  child: ChildProcess;
  url: string;
  objects: number;
  agent: https.Agent;
}

/** Forks a webhook server process and waits for its URL; its client keeps connections open, as the API server does. */
async function startTarget(args: string[]): Promise<Target> {
  const child = fork(join(here, 'webhook-target.ts'), args, {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ready = await new Promise<{ url: string; ca: string; objects: number }>(
    (resolve, reject) => {
      child.once('message', (m) => resolve(m as { url: string; ca: string; objects: number }));
      child.once('exit', (code) => reject(new Error(`the webhook server exited (${code})`)));
    },
  );
  return {
    child,
    url: ready.url,
    objects: ready.objects,
    agent: new https.Agent({ keepAlive: true, maxSockets: 64, ca: ready.ca }),
  };
}

async function stopTarget(t: Target | undefined) {
  if (!t) return;
  t.agent.destroy();
  if (t.child.pid && t.child.exitCode === null) {
    const exited = new Promise((r) => t.child.once('exit', r));
    process.kill(t.child.pid, 'SIGTERM');
    await exited;
  }
}

/** POSTs one review; resolves to the milliseconds from send to the end of the answer. */
function post(t: Target, path: string, body: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const started = performance.now();
    const req = https.request(
      `${t.url}${path}`,
      {
        method: 'POST',
        agent: t.agent,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
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
}

export async function run(): Promise<BenchResult> {
  let portguard: Target | undefined;
  let alone: Target | undefined;
  try {
    // portguard's server (the synthetic cluster's state, /validate) and an allow-only server: the
    // same server code, TLS and decoding, each in a process of its own with the same load.
    portguard = await startTarget([]);
    alone = await startTarget(['--allow-only']);
    const pg = portguard;
    const sides = {
      validate: (body: string) => post(pg, '/validate', body),
      allowAlone: (body: string) => post(alone!, '/allow', body),
    };
    const names = Object.keys(sides) as (keyof typeof sides)[];
    const bodies = reviews();
    // Warm up every path (TLS sessions, JIT) before the clock starts.
    for (let i = 0; i < 200; i++)
      await Promise.all(names.map((n) => sides[n](bodies[i % bodies.length])));

    portguard.child.send('reset');
    const latencies = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<
      keyof typeof sides,
      number[]
    >;
    let errors = 0;
    const pending: Promise<void>[] = [];
    const total = SECONDS * RATE;
    const start = performance.now();
    // Open loop: request i of each side is sent at i/RATE s, whether or not earlier ones answered;
    // the sides take turns going first, so none always has the warmer socket.
    for (let i = 0; i < total; i++) {
      const due = start + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const body = bodies[i % bodies.length];
      for (let k = 0; k < names.length; k++) {
        const n = names[(i + k) % names.length];
        pending.push(
          sides[n](body).then(
            (ms) => void latencies[n].push(ms),
            () => void errors++,
          ),
        );
      }
    }
    await Promise.all(pending);
    const elapsed = (performance.now() - start) / 1000;
    const inside = await new Promise<Record<string, number[]>>((resolve) => {
      pg.child.once('message', (m) =>
        resolve((m as { handlerMs: Record<string, number[]> }).handlerMs),
      );
      pg.child.send('report');
    });
    const { validate: v, allowAlone: a } = latencies;
    const p99 = (xs: number[]) => percentile(xs, 99);
    return {
      name,
      title: `${RATE} reviews/s to each side for ${SECONDS} s over TLS (${portguard.objects} objects in the watched state)`,
      rows: [
        {
          metric: 'p99, portguard /validate',
          value: p99(v),
          unit: 'ms',
          baseline: p99(a),
          baselineLabel: 'allow-only server',
          ratio: p99(v) / p99(a),
          target: 1.5,
        },
        {
          metric: 'p50, portguard /validate',
          value: median(v),
          unit: 'ms',
          baseline: median(a),
          baselineLabel: 'allow-only server',
          ratio: median(v) / median(a),
        },
        {
          metric: 'max, portguard /validate',
          value: Math.max(...v),
          unit: 'ms',
          baseline: Math.max(...a),
          baselineLabel: 'allow-only server',
        },
        {
          metric: 'p99 inside the handler: review()',
          value: p99(inside['/validate']),
          unit: 'ms',
          baseline: p99(inside['/allow']),
          baselineLabel: 'allow-only',
        },
        {
          metric: 'answered, portguard /validate',
          value: v.length / elapsed,
          unit: 'reviews/s',
          baseline: a.length / elapsed,
          baselineLabel: 'allow-only server',
        },
      ],
      notes: [
        `${v.length} + ${a.length} reviews in ${elapsed.toFixed(1)} s, ${errors} errors; a third clean pods, a third hostPort pods, a third NodePort Services (mode warn).`,
        'Each server is a process of its own; the load generator is open-loop (sends on schedule, not after answers).',
        `load average during the run: ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${cpus().length} cores.`,
      ],
    };
  } finally {
    await stopTarget(portguard);
    await stopTarget(alone);
  }
}
