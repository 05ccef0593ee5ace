// Start-up bench: a one-file scan with the bundled npm package, against a bare `node -e 0` in the same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interleave, median, type BenchResult } from './lib.js';

export const name = 'startup';

// BENCH_ROUNDS shrinks the run for a quick look.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const TARGET = 2.5;

/** One Deployment with a hostPort. */
const MANIFEST = readFileSync(
  new URL('../test/fixtures/web-deployment.yaml', import.meta.url),
  'utf8',
);

/** Runs `command args…` to its end; a start-up that fails must not be timed as a fast one. */
function exec(
  command: string,
  args: string[],
  cwd: string,
  okCodes = [0],
  env: NodeJS.ProcessEnv = process.env,
): void {
  const r = spawnSync(command, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (!okCodes.includes(r.status ?? -1))
    throw new Error(
      `${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.toString().trim()}`,
    );
}

const node = (args: string[], cwd: string, okCodes = [0]) =>
  exec(process.execPath, args, cwd, okCodes);

export async function run(): Promise<BenchResult> {
  const { stagePackage } = (await import(
    '../packages/kubectl-portguard/scripts/bundle.mjs' as string
  )) as { stagePackage(dir: string): Promise<unknown> };
  const { buildSea } = (await import(
    '../packages/kubectl-portguard/scripts/sea.mjs' as string
  )) as {
    buildSea(packageDir: string, workDir: string): string;
  };
  const dir = mkdtempSync(join(tmpdir(), 'portguard-startup-'));
  try {
    const pkg = join(dir, 'package');
    await stagePackage(pkg);
    writeFileSync(join(dir, 'web.yaml'), MANIFEST);
    const sea = buildSea(pkg, join(dir, 'sea'));
    // The executable unpacks itself on its first run (a warm-up round), then imports from there.
    const seaEnv = { ...process.env, PORTGUARD_CACHE_DIR: join(dir, 'cache') };
    const bundled = join(pkg, 'bin', 'kubectl-portguard');
    const clone = join(
      import.meta.dirname,
      '..',
      'packages',
      'kubectl-portguard',
      'bin',
      'kubectl-portguard',
    );
    // The scan finds the hostPort: exit 1 is its success.
    const times = await interleave(
      {
        bare: () => node(['-e', '0'], dir),
        bundled: () => node([bundled, 'scan', '-f', 'web.yaml'], dir, [1]),
        clone: () => node([clone, 'scan', '-f', 'web.yaml'], dir, [1]),
        version: () => node([bundled, 'version'], dir),
        sea: () => exec(sea, ['scan', '-f', 'web.yaml'], dir, [1], seaEnv),
      },
      ROUNDS,
      2,
    );
    const bare = median(times.bare);
    const row = (metric: string, side: string, target?: number) => ({
      metric,
      value: median(times[side]),
      unit: 'ms',
      baseline: bare,
      baselineLabel: 'node -e 0',
      ratio: median(times[side]) / bare,
      target,
    });
    return {
      name,
      title: `start-up, median of ${ROUNDS} runs each, interleaved`,
      rows: [
        row('scan -f web.yaml (npm package, bundled)', 'bundled', TARGET),
        row('version (npm package, bundled)', 'version'),
        row('scan -f web.yaml (single executable)', 'sea'),
        row('scan -f web.yaml (clone: tsc output)', 'clone'),
      ],
      notes: [`bare node -e 0 runs: ${times.bare.map((t) => t.toFixed(0)).join(' ')} ms`],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
