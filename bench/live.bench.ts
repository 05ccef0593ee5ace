// Live bench: `kubectl portguard scan -A -o json` beside `kubectl get pods,services -A -o json` on a 10,000-pod API server.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// bench/ is outside the workspace packages: import the server by path.
import { startApiServer, syntheticCluster } from '../packages/apiserver/src/index.js';
import { median, printResult, type BenchResult } from './lib.js';

export const name = 'live';

const ROUNDS = Number(process.env.LIVE_BENCH_ROUNDS ?? 5);
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

export async function run(): Promise<BenchResult> {
  if (!existsSync(join(root, 'packages/kubectl-portguard/dist/index.js')))
    throw new Error('build first (pnpm run build): the plugin runs from dist/');
  const server = await startApiServer({
    state: syntheticCluster(),
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
    const scanArgs = ['portguard', 'scan', '-A', '-o', 'json'];
    const gets: Sample[] = [];
    const scans: Sample[] = [];
    // One warm-up each (disk cache, kubectl's discovery cache), then interleaved rounds.
    await measure(getArgs, env);
    await measure(scanArgs, env);
    for (let i = 0; i < ROUNDS; i++) {
      gets.push(await measure(getArgs, env));
      scans.push(await measure(scanArgs, env));
    }
    const bad = [...gets, ...scans].find((s) => s.status !== 0 && s.status !== 1);
    if (bad) throw new Error(`a measured command failed with status ${bad.status}`);
    const getMs = median(gets.map((s) => s.ms));
    const scanMs = median(scans.map((s) => s.ms));
    const getMb = Math.max(...gets.map((s) => s.peakMb));
    const scanMb = Math.max(...scans.map((s) => s.peakMb));
    return {
      name,
      title: `kubectl portguard scan -A -o json vs kubectl get pods,services -A -o json, 10,000 pods over HTTPS (median of ${ROUNDS}, interleaved)`,
      rows: [
        {
          metric: 'time, scan vs get',
          value: scanMs,
          unit: 'ms',
          baseline: getMs,
          baselineLabel: 'kubectl get',
          ratio: scanMs / getMs,
          target: 1.5,
        },
        {
          metric: 'peak RSS, scan (aim ≤ 300 MB)',
          value: scanMb,
          unit: 'MB',
          baseline: getMb,
          baselineLabel: 'kubectl get',
          ratio: scanMb / getMb,
        },
      ],
      notes: [
        existsSync(GNU_TIME) ? 'peak RSS from GNU time -v' : 'peak RSS from /proc VmHWM polling',
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.close();
  }
}

// Run directly: `node --conditions=source --import tsx bench/live.bench.ts`.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) printResult(await run());
