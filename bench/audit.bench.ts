// Audit bench: `kubectl portguard audit` over a generated 1 GB audit log against a bare readline of the same file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, type BenchResult } from './lib.js';

export const name = 'audit';

const DIR = dirname(fileURLToPath(import.meta.url));
const SIZE = Number(process.env.PORTGUARD_BENCH_AUDIT_MB ?? 1024) * 1024 * 1024;
const ROUNDS = 2;

const user = (n: number) => ({
  username: `user-${n % 17}`,
  groups: ['devs', 'system:authenticated'],
});
const time = (i: number) =>
  new Date(Date.UTC(2026, 10, 30) + i * 37).toISOString().replace('Z', '000Z');

function pod(i: number, hostPort?: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${i}`,
      namespace: `ns-${i % 50}`,
      labels: { app: `app-${i % 9}` },
      uid: `uid-${i}`,
    },
    spec: {
      containers: [
        {
          name: 'app',
          image: 'registry.example/app:1.2.3',
          ports: [{ containerPort: 8080, ...(hostPort ? { hostPort } : {}) }],
          resources: { requests: { cpu: '100m', memory: '128Mi' } },
        },
      ],
      nodeName: `node-${i % 20}`,
    },
  };
}

/**
 * One line of a busy cluster's log, by share: 55% gets and lists (RequestResponse, with bodies),
 * 20% watches, 15% lease updates, 5% event creates, 5% pod and deployment writes (1 in 10 with a hostPort).
 */
function eventLine(i: number): string {
  const r = i % 100;
  const common = {
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'RequestResponse',
    auditID: `6f0c${i.toString(16).padStart(8, '0')}-9b1e-4c55-8a22-3d1f0e5a7b90`,
    stage: 'ResponseComplete',
  };
  const who = {
    user: user(i),
    sourceIPs: [`10.0.${i % 200}.${i % 250}`],
    userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07',
  };
  const stamps = { requestReceivedTimestamp: time(i), stageTimestamp: time(i + 1) };
  const ok = { metadata: {}, code: 200 };
  let e: Record<string, unknown>;
  if (r < 55) {
    const p = pod(i);
    e = {
      ...common,
      requestURI: `/api/v1/namespaces/${p.metadata.namespace}/pods/${p.metadata.name}`,
      verb: 'get',
      ...who,
      objectRef: {
        resource: 'pods',
        namespace: p.metadata.namespace,
        name: p.metadata.name,
        apiVersion: 'v1',
      },
      responseStatus: ok,
      responseObject: { ...p, status: { phase: 'Running', podIP: '10.1.2.3' } },
      ...stamps,
    };
  } else if (r < 75) {
    e = {
      ...common,
      stage: r % 2 ? 'ResponseStarted' : 'ResponseComplete',
      requestURI: '/api/v1/pods?allowWatchBookmarks=true&resourceVersion=123&watch=true',
      verb: 'watch',
      ...who,
      objectRef: { resource: 'pods', apiVersion: 'v1' },
      responseStatus: ok,
      ...stamps,
    };
  } else if (r < 90) {
    e = {
      ...common,
      requestURI: '/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kube-scheduler',
      verb: 'update',
      user: { username: 'system:kube-scheduler', groups: ['system:authenticated'] },
      sourceIPs: ['10.0.0.1'],
      userAgent: 'kube-scheduler/v1.32.4',
      objectRef: {
        resource: 'leases',
        namespace: 'kube-system',
        name: 'kube-scheduler',
        apiGroup: 'coordination.k8s.io',
        apiVersion: 'v1',
      },
      responseStatus: ok,
      requestObject: {
        kind: 'Lease',
        apiVersion: 'coordination.k8s.io/v1',
        metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
        spec: { holderIdentity: 'master-1', leaseDurationSeconds: 15, renewTime: time(i) },
      },
      responseObject: {
        kind: 'Lease',
        apiVersion: 'coordination.k8s.io/v1',
        metadata: { name: 'kube-scheduler', namespace: 'kube-system', resourceVersion: String(i) },
        spec: { holderIdentity: 'master-1', leaseDurationSeconds: 15, renewTime: time(i) },
      },
      ...stamps,
    };
  } else if (r < 95) {
    e = {
      ...common,
      requestURI: '/api/v1/namespaces/ns-1/events',
      verb: 'create',
      user: { username: 'system:node:node-1', groups: ['system:nodes', 'system:authenticated'] },
      sourceIPs: ['10.0.0.9'],
      userAgent: 'kubelet/v1.32.4',
      objectRef: { resource: 'events', namespace: 'ns-1', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 201 },
      requestObject: {
        kind: 'Event',
        apiVersion: 'v1',
        metadata: { name: `pod-${i}.17a`, namespace: 'ns-1' },
        reason: 'Pulled',
        message: 'Container image already present on machine',
      },
      ...stamps,
    };
  } else {
    const p = pod(i, r === 99 ? 8000 + (i % 1000) : undefined);
    const verb = r % 2 ? 'create' : 'patch';
    e = {
      ...common,
      requestURI: `/api/v1/namespaces/${p.metadata.namespace}/pods`,
      verb,
      ...who,
      objectRef: {
        resource: 'pods',
        namespace: p.metadata.namespace,
        name: p.metadata.name,
        apiVersion: 'v1',
      },
      responseStatus: { metadata: {}, code: verb === 'create' ? 201 : 200 },
      requestObject: verb === 'create' ? p : { metadata: { labels: { v: String(i) } } },
      responseObject: p,
      ...stamps,
    };
  }
  return JSON.stringify(e);
}

/** Writes `bytes` of log to `file`, in 4 MB chunks, every line distinct. */
export function generate(file: string, bytes: number): number {
  const fd = openSync(file, 'w');
  let written = 0;
  let i = 0;
  try {
    while (written < bytes) {
      const lines: string[] = [];
      let chunk = 0;
      while (chunk < 4 * 1024 * 1024) {
        const l = eventLine(i++);
        lines.push(l);
        chunk += l.length + 1;
      }
      const buf = Buffer.from(`${lines.join('\n')}\n`);
      writeSync(fd, buf);
      written += buf.length;
    }
  } finally {
    closeSync(fd);
  }
  return i;
}

interface SideRun {
  ms: number;
  maxRssMB: number;
  lines?: number;
  requests?: number;
  events?: number;
}

type Side = 'readline' | 'portguard' | 'stdin';

function runSide(side: Side, file: string): SideRun {
  const child = [process.execPath, join(DIR, 'audit-child.mjs'), side, file];
  // stdin through a real pipe (`cat log | kubectl portguard audit -f -`), not a file descriptor.
  const r =
    side === 'stdin'
      ? spawnSync('sh', ['-c', 'cat "$3" | "$0" "$1" "$2" "$3"', ...child.slice(0, 3), file], {
          encoding: 'utf8',
        })
      : spawnSync(child[0], child.slice(1), { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${side}: ${r.stderr.split('\n')[0]}`);
  return JSON.parse(r.stdout.trim());
}

export async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'portguard-bench-audit-'));
  const file = join(dir, 'audit.log');
  try {
    const lines = generate(file, SIZE);
    const mb = statSync(file).size / 1024 / 1024;
    const runs: Record<Side, SideRun[]> = { readline: [], portguard: [], stdin: [] };
    for (let round = 0; round < ROUNDS; round++)
      for (const side of ['readline', 'portguard', 'stdin'] as const)
        runs[side].push(runSide(side, file));
    const t = (side: Side) => median(runs[side].map((r) => r.ms)) / 1000;
    const rss = (side: Side) => Math.max(...runs[side].map((r) => r.maxRssMB));
    const last = runs.portguard.at(-1)!;
    return {
      name,
      title: `kubectl portguard audit over a generated ${Math.round(mb)} MB audit log (${lines.toLocaleString('en')} lines), median of ${ROUNDS} interleaved rounds`,
      rows: [
        {
          metric: 'time to read and judge the log',
          value: t('portguard'),
          unit: 's',
          baseline: t('readline'),
          baselineLabel: 'bare readline line count',
          ratio: t('portguard') / t('readline'),
          target: 1.5,
        },
        {
          metric: 'the same log piped on stdin (-f -)',
          value: t('stdin'),
          unit: 's',
          baseline: t('readline'),
          baselineLabel: 'bare readline line count of the file',
          ratio: t('stdin') / t('readline'),
          target: 1.5,
        },
        {
          metric: 'peak RSS reading stdin',
          value: rss('stdin'),
          unit: 'MB',
          baseline: rss('readline'),
          baselineLabel: 'bare readline (target: portguard ≤ 100 MB)',
        },
        {
          metric: 'throughput',
          value: mb / t('portguard'),
          unit: 'MB/s',
          baseline: mb / t('readline'),
          baselineLabel: 'bare readline',
        },
        {
          metric: 'peak RSS',
          value: rss('portguard'),
          unit: 'MB',
          baseline: rss('readline'),
          baselineLabel: 'bare readline (target: portguard ≤ 100 MB)',
        },
      ],
      notes: [
        `portguard judged ${last.requests?.toLocaleString('en')} write requests and reported ${last.events?.toLocaleString('en')} events; the rest were skipped by the raw-line check before any JSON.parse.`,
        `peak RSS target ≤ 100 MB: ${rss('portguard') <= 100 ? 'met' : 'NOT met'} (file), ${rss('stdin') <= 100 ? 'met' : 'NOT met'} (stdin)`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
