// Live bench: `kubectl portguard scan -A -o json` beside `kubectl get pods,services -A -o json` on 10,000- and 100,000-pod API servers.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// bench/ is outside the workspace packages: import the server by path.
import {
  startApiServer,
  syntheticCluster,
  type KubeObject,
} from '../packages/apiserver/src/index.js';
import { median, printResult, type BenchResult, type BenchRow } from './lib.js';

export const name = 'live';

const ROUNDS = Number(process.env.LIVE_BENCH_ROUNDS ?? 5);
/** Rounds of the 100,000-pod case (one kubectl get of it takes minutes on a busy machine). */
const LARGE_ROUNDS = Number(process.env.LIVE_BENCH_LARGE_ROUNDS ?? 1);
/** LIVE_BENCH_CASES=10000 (or 100000) runs one case only. */
const CASES = (process.env.LIVE_BENCH_CASES ?? '10000,100000').split(',').map(Number);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const GNU_TIME = '/usr/bin/time';

interface Sample {
  ms: number;
  /** Peak resident set of the command (kubectl, or the plugin kubectl executes into), in MB. */
  peakMb: number;
  status: number | null;
}

/** The high-water mark of a live process's resident set, in kB (Linux), or undefined once it is gone. */
function vmHwmKb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs one command and times it. Peak RSS comes from GNU time -v when installed (exact), else
 * from polling /proc/<pid>/status VmHWM (kubectl execs the plugin in the same pid).
 */
function measure(args: string[], env: NodeJS.ProcessEnv): Promise<Sample> {
  const useTime = existsSync(GNU_TIME);
  const [cmd, argv] = useTime ? [GNU_TIME, ['-v', 'kubectl', ...args]] : ['kubectl', args];
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(cmd, argv, { env, cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let polledKb = 0;
    const poll = useTime
      ? undefined
      : setInterval(() => (polledKb = Math.max(polledKb, vmHwmKb(child.pid!) ?? 0)), 20);
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => {
      const ms = performance.now() - started;
      if (poll) clearInterval(poll);
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
      resolve({ ms, peakMb: (kb ? Number(kb[1]) : polledKb) / 1024, status });
    });
  });
}

/**
 * What a real API server sends of a pod besides what the synthetic state sets: managedFields,
 * the last-applied annotation, env, volumes, probes, resources and status conditions (≈2 kB).
 */
function withBulk(o: KubeObject): KubeObject {
  if (o.kind !== 'Pod') return o;
  const containers = (o.spec.containers as KubeObject[]).map((c) => ({
    ...c,
    env: Array.from({ length: 6 }, (_, i) => ({ name: `SETTING_${i}`, value: `value-${i}` })),
    volumeMounts: [
      { name: 'data', mountPath: '/data' },
      { name: 'token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
    ],
    livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
    imagePullPolicy: 'IfNotPresent',
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
  }));
  return {
    ...o,
    metadata: {
      ...o.metadata,
      annotations: {
        'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
          spec: { containers },
        }).slice(0, 400),
        'prometheus.io/scrape': 'true',
      },
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-12-01T10:00:00Z',
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:metadata': { 'f:labels': { 'f:app': {} } },
            'f:spec': {
              'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:env': {} } },
            },
          },
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time: '2026-12-01T10:00:05Z',
          fieldsType: 'FieldsV1',
          subresource: 'status',
          fieldsV1: { 'f:status': { 'f:conditions': {}, 'f:podIP': {} } },
        },
      ],
    },
    spec: {
      ...o.spec,
      containers,
      volumes: [
        { name: 'data', emptyDir: {} },
        {
          name: 'token',
          projected: {
            sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3607 } }],
          },
        },
      ],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
    },
    status: {
      ...o.status,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({
        type,
        status: 'True',
        lastTransitionTime: '2026-12-01T10:00:05Z',
      })),
      hostIP: '192.168.0.10',
      qosClass: 'Burstable',
      startTime: '2026-12-01T10:00:00Z',
    },
  };
}

/** The synthetic cluster with `pods` pods (100 a namespace) and at least 2,000 Services. */
export function benchState(pods: number): KubeObject[] {
  const namespaces = pods / 100;
  const objects = syntheticCluster({ namespaces }).map(withBulk);
  const services = objects.filter((o) => o.kind === 'Service').length;
  const extra = Math.max(0, Math.ceil((2000 - services) / namespaces));
  for (let i = 0; i < namespaces; i++)
    for (let s = 0; s < extra; s++) {
      const namespace = `ns-${String(i).padStart(3, '0')}`;
      objects.push({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `api-${s}`, namespace, labels: { app: 'web' } },
        spec: {
          selector: { app: 'web' },
          ports: [{ name: 'http', port: 80 + s, targetPort: 8080 }],
        },
      });
    }
  return objects;
}

interface CaseResult {
  rows: BenchRow[];
  services: number;
}

/** One state: kubectl get and the scan, interleaved, `rounds` times after one warm-up each. */
async function runCase(
  pods: number,
  rounds: number,
  targets: { time: number; peakMb: number },
): Promise<CaseResult> {
  const state = benchState(pods);
  const services = state.filter((o) => o.kind === 'Service').length;
  const server = await startApiServer({
    state,
    https: true,
    users: [{ name: 'bench', token: 'bench-token' }],
  });
  const dir = mkdtempSync(join(tmpdir(), 'portguard-live-bench-'));
  try {
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, server.kubeconfig('bench'), { mode: 0o600 });
    const basePath = (process.env.PATH ?? '')
      .split(':')
      .filter((p) => !p.includes('node_modules/.bin'));
    const env = {
      PATH: [join(root, 'packages/kubectl-portguard/bin'), ...basePath].join(':'),
      HOME: dir,
      KUBECONFIG: kubeconfig,
      NO_COLOR: '1',
    };
    const getArgs = ['get', 'pods,services', '-A', '-o', 'json'];
    // The 100,000-pod scan outlasts the default 2-minute bound on a busy machine: no bound.
    const scanArgs = ['portguard', 'scan', '-A', '-o', 'json', '--request-timeout', '0'];
    const gets: Sample[] = [];
    const scans: Sample[] = [];
    // One warm-up each (disk cache, kubectl's discovery cache), then interleaved rounds.
    await measure(getArgs, env);
    await measure(scanArgs, env);
    for (let i = 0; i < rounds; i++) {
      gets.push(await measure(getArgs, env));
      scans.push(await measure(scanArgs, env));
    }
    const bad = [...gets, ...scans].find((s) => s.status !== 0 && s.status !== 1);
    if (bad) throw new Error(`a measured command failed with status ${bad.status}`);
    const getMs = median(gets.map((s) => s.ms));
    const scanMs = median(scans.map((s) => s.ms));
    const getMb = Math.max(...gets.map((s) => s.peakMb));
    const scanMb = Math.max(...scans.map((s) => s.peakMb));
    const label = `${pods.toLocaleString('en-US')} pods`;
    return {
      services,
      rows: [
        {
          metric: `${label}: time, scan vs get`,
          value: scanMs,
          unit: 'ms',
          baseline: getMs,
          baselineLabel: 'kubectl get',
          ratio: scanMs / getMs,
          target: targets.time,
        },
        {
          metric: `${label}: peak RSS (aim ≤ ${targets.peakMb} MB: ${scanMb <= targets.peakMb ? 'met' : 'MISSED'})`,
          value: scanMb,
          unit: 'MB',
          baseline: getMb,
          baselineLabel: 'kubectl get',
          ratio: scanMb / getMb,
        },
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

export async function run(): Promise<BenchResult> {
  if (!existsSync(join(root, 'packages/kubectl-portguard/dist/index.js')))
    throw new Error('build first (pnpm run build): the plugin runs from dist/');
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  if (CASES.includes(10_000)) {
    const small = await runCase(10_000, ROUNDS, { time: 0.25, peakMb: 100 });
    rows.push(...small.rows);
    notes.push(
      `10,000 pods + ${small.services.toLocaleString('en-US')} Services, median of ${ROUNDS}`,
    );
  }
  if (CASES.includes(100_000)) {
    const large = await runCase(100_000, LARGE_ROUNDS, { time: 0.25, peakMb: 400 });
    rows.push(...large.rows);
    notes.push(
      `100,000 pods + ${large.services.toLocaleString('en-US')} Services, median of ${LARGE_ROUNDS}`,
    );
  }
  notes.push(
    'pods carry what a real server sends (managedFields, last-applied, env, volumes, probes, status conditions)',
    existsSync(GNU_TIME) ? 'peak RSS from GNU time -v' : 'peak RSS from /proc VmHWM polling',
  );
  return {
    name,
    title:
      'kubectl portguard scan -A -o json vs kubectl get pods,services -A -o json over HTTPS (interleaved)',
    rows,
    notes,
  };
}

// Run directly: `node --conditions=source --import tsx bench/live.bench.ts`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) printResult(await run());
