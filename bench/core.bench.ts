// Core bench: scanFiles over 10,000 workloads + 10,000 Services beside the `yaml` parse and Monokle, with peak RSS and scaling.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { scanFiles, type FileInput } from '../packages/core/src/index.js';
import { interleave, median, type BenchResult, type BenchRow } from './lib.js';
import { monokleScan, monokleUnavailable } from './monokle.mjs';

export const name = 'core';

/** The very `yaml` that core uses, so the baseline is the same code. */
const yaml = createRequire(new URL('../packages/core/package.json', import.meta.url))(
  'yaml',
) as typeof import('yaml');

// BENCH_DOCUMENTS and BENCH_ROUNDS shrink the run for a quick look while profiling.
const DOCUMENTS = Number(process.env.BENCH_DOCUMENTS ?? 20_000);
/** The scaling case: time per document at ten times the corpus. */
const LARGE = Number(process.env.BENCH_LARGE_DOCUMENTS ?? 100_000);
const SMALL = LARGE / 10;
const FILES = 100;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Fresh processes per size for the scaling row, taken in turn. */
const SCALE_PROCESSES = Number(process.env.BENCH_SCALE_PROCESSES ?? 3);
const TARGET = 0.3;
const RSS_TARGET_MB = 150;

/** A small deterministic PRNG (mulberry32), so every run scans the same corpus. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORKLOADS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'Rollout'];

/** One document: workloads and Services in turn; some with hostPort, hostNetwork, NodePort, LoadBalancer. */
function document(i: number, rnd: () => number): string {
  const ns = `team-${i % 50}`;
  const name = `app-${i}`;
  if (i % 2 === 1) {
    const type = rnd() < 0.2 ? 'NodePort' : rnd() < 0.3 ? 'LoadBalancer' : 'ClusterIP';
    const nodePort =
      type === 'NodePort' && rnd() < 0.5 ? `\n      nodePort: ${30000 + (i % 2700)}` : '';
    return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: ${name}, tier: web}
spec:
  type: ${type}
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: 8080${nodePort}
`;
  }
  const kind = WORKLOADS[Math.floor(rnd() * WORKLOADS.length)];
  const hostNetwork = rnd() < 0.05 ? '\n  hostNetwork: true' : '';
  const hostPort = rnd() < 0.1 ? `\n      hostPort: ${8000 + (i % 500)}` : '';
  const pod = `
  containers:
  - name: app
    image: registry.example.com/${ns}/${name}:1.${i % 20}.0
    args: ["--port=8080", "--log-level=info"]
    env:
    - name: POD_NAMESPACE
      valueFrom: {fieldRef: {fieldPath: metadata.namespace}}
    ports:
    - name: http
      containerPort: 8080${hostPort}
      protocol: TCP
    resources:
      requests: {cpu: 50m, memory: 64Mi}
      limits: {cpu: 500m, memory: 256Mi}${hostNetwork}`;
  const indent = (text: string, by: number) => text.replace(/\n/g, `\n${' '.repeat(by)}`);
  const head = `apiVersion: ${kind === 'Pod' ? 'v1' : kind === 'Rollout' ? 'argoproj.io/v1alpha1' : kind.endsWith('Job') ? 'batch/v1' : 'apps/v1'}
kind: ${kind}
metadata:
  name: ${name}
  namespace: ${ns}
  labels: {app: ${name}, team: ${ns}}
  annotations:
    owner: "${ns}@example.com"
`;
  if (kind === 'Pod') return `${head}spec:${pod}\n`;
  const template = `template:
  metadata:
    labels: {app: ${name}}
  spec:${indent(pod, 2)}`;
  if (kind === 'CronJob') {
    return `${head}spec:
  schedule: "*/15 * * * *"
  jobTemplate:
    spec:
      ${indent(template, 6)}
`;
  }
  return `${head}spec:
  selector:
    matchLabels: {app: ${name}}
  ${indent(template, 2)}
`;
}

/** 20,000 documents (10,000 workloads, 10,000 Services) as one text, and the same split into 100 files. */
export function corpus(documents = DOCUMENTS, files = FILES): { text: string; files: FileInput[] } {
  const rnd = random(42);
  const docs = Array.from({ length: documents }, (_, i) => document(i, rnd));
  const per = Math.ceil(documents / files);
  const split: FileInput[] = [];
  for (let f = 0; f < files; f++) {
    split.push({
      file: `corpus/file-${String(f).padStart(3, '0')}.yaml`,
      text: docs.slice(f * per, (f + 1) * per).join('---\n'),
    });
  }
  return { text: docs.join('---\n'), files: split };
}

/**
 * Peak RSS of one side run alone in a fresh process on the built packages (no TypeScript
 * loader), reading the corpus from a file as the CLI does, in MB.
 */
function peakRss(side: string, corpusFile: string): number {
  return childJson<{ peakMb: number }>('core-memory.mjs', [side, corpusFile]).peakMb;
}

/** Median ms of a scan of `corpusFile` in a fresh process on the built packages (`core-scale.mjs`). */
function scaleMs(corpusFile: string): number {
  return childJson<{ ms: number }>('core-scale.mjs', [corpusFile], ['--expose-gc']).ms;
}

/** Runs a child script of this folder on plain node and reads the JSON of its last line. */
function childJson<T>(script: string, args: string[], nodeFlags: string[] = []): T {
  const child = spawnSync(
    process.execPath,
    [...nodeFlags, fileURLToPath(new URL(script, import.meta.url)), ...args],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{'))
    throw new Error(`${script} ${args[0]}: ${child.stderr.trim().split('\n').pop()}`);
  return JSON.parse(line) as T;
}

export async function run(): Promise<BenchResult> {
  const { text, files } = corpus();
  const one: FileInput[] = [{ file: 'corpus/all.yaml', text }];
  // Sanity: the engine really counts every document of the corpus, with findings.
  const check = scanFiles(one);
  if (check.objects.length !== DOCUMENTS || check.errors.length) {
    throw new Error(
      `corpus: ${check.objects.length} objects, ${check.errors.length} errors (expected ${DOCUMENTS}, 0)`,
    );
  }
  const monokleWhy = await monokleUnavailable();
  const sides: Record<string, () => unknown> = {
    yamlOne: () => yaml.parseAllDocuments(text),
    scanOne: () => scanFiles(one),
    yamlFiles: () => files.map((f) => yaml.parseAllDocuments(f.text)),
    scanFiles: () => scanFiles(files),
  };
  if (!monokleWhy) sides.monokle = () => monokleScan(text);
  const times = await interleave(sides, ROUNDS);
  const rate = (ms: number) => DOCUMENTS / (ms / 1000);
  const row = (metric: string, scan: number[], base: number[], label: string): BenchRow => ({
    metric,
    value: rate(median(scan)),
    unit: 'objects/s',
    baseline: rate(median(base)),
    baselineLabel: label,
    ratio: median(scan) / median(base),
    target: TARGET,
  });
  const rows: BenchRow[] = [
    row(
      'scanFiles, one multi-document text',
      times.scanOne,
      times.yamlOne,
      'yaml parseAllDocuments',
    ),
    row(`scanFiles, ${FILES} files`, times.scanFiles, times.yamlFiles, 'yaml parseAllDocuments'),
  ];
  if (times.monokle) {
    rows.push(
      row('scanFiles vs Monokle (Pod Security plugin)', times.scanOne, times.monokle, 'Monokle'),
    );
  }
  // Peak RSS, each side alone in a fresh process.
  const dir = mkdtempSync(join(tmpdir(), 'portguard-bench-'));
  const corpusFile = join(dir, 'all.yaml');
  writeFileSync(corpusFile, text);
  const rss = { scan: peakRss('scan', corpusFile), yaml: peakRss('yaml', corpusFile) };
  rows.push({
    metric: 'peak RSS, scanFiles of the corpus',
    value: rss.scan,
    unit: 'MB',
    baseline: rss.yaml,
    baselineLabel: 'yaml parseAllDocuments',
    ratio: rss.scan / rss.yaml,
  });
  const monokleRss = times.monokle ? peakRss('monokle', corpusFile) : undefined;
  if (monokleRss !== undefined) {
    rows.push({
      metric: 'peak RSS, scanFiles vs Monokle',
      value: rss.scan,
      unit: 'MB',
      baseline: monokleRss,
      baselineLabel: 'Monokle',
      ratio: rss.scan / monokleRss,
    });
  }
  // Scaling: time per document at LARGE documents against SMALL, the same generator, each size
  // in fresh processes taken in turn (a size's heap and JIT state never weigh on the other).
  const small = join(dir, 'small.yaml');
  const large = join(dir, 'large.yaml');
  writeFileSync(small, corpus(SMALL, 1).files[0].text);
  writeFileSync(large, corpus(LARGE, 1).files[0].text);
  const scale: Record<'small' | 'large', number[]> = { small: [], large: [] };
  for (let r = 0; r < SCALE_PROCESSES; r++) {
    scale.small.push(scaleMs(small));
    scale.large.push(scaleMs(large));
  }
  rmSync(dir, { recursive: true, force: true });
  const perDoc = (ms: number[], n: number) => (median(ms) * 1000) / n;
  rows.push({
    metric: `time per document at ${LARGE.toLocaleString('en-US')} documents`,
    value: perDoc(scale.large, LARGE),
    unit: 'µs',
    baseline: perDoc(scale.small, SMALL),
    baselineLabel: `at ${SMALL.toLocaleString('en-US')}`,
    ratio: perDoc(scale.large, LARGE) / perDoc(scale.small, SMALL),
    target: 1.2,
  });
  return {
    name,
    title: `scanFiles vs yaml's parseAllDocuments on ${DOCUMENTS.toLocaleString('en-US')} documents (${(text.length / 1e6).toFixed(1)} MB, ${check.findings.length} findings), median of ${ROUNDS} interleaved rounds`,
    rows,
    notes: [
      `medians: yaml ${median(times.yamlOne).toFixed(0)} ms, scan ${median(times.scanOne).toFixed(0)} ms (one text); yaml ${median(times.yamlFiles).toFixed(0)} ms, scan ${median(times.scanFiles).toFixed(0)} ms (${FILES} files)` +
        (times.monokle ? `; Monokle ${median(times.monokle).toFixed(0)} ms` : ''),
      `ratio = scan time / baseline time; aim ≤ ${TARGET}; peak RSS aim ≤ ${RSS_TARGET_MB} MB (${rss.scan <= RSS_TARGET_MB ? 'met' : 'MISSED'})`,
      ...(monokleWhy ? [`Monokle not measured: ${monokleWhy}`] : []),
    ],
  };
}
