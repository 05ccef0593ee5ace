// Shared by the kubectl-live tests: the child environment with the plugin on PATH, and kubeconfig files.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exposureRules } from '@portguard/core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MULTI_TENANT = join(root, 'test/fixtures/live/multi-tenant.yaml');

// pnpm puts node_modules/.bin (with another kubectl-portguard link) on PATH; kubectl would warn about the shadowing.
const basePath = (process.env.PATH ?? '')
  .split(':')
  .filter((p) => !p.includes('node_modules/.bin'));

/** The environment of a kubectl child: the plugin folder first on PATH, this kubeconfig only. */
export function kubectlEnv(kubeconfig: string): NodeJS.ProcessEnv {
  return {
    PATH: [join(root, 'packages/kubectl-portguard/bin'), ...basePath].join(':'),
    HOME: process.env.HOME,
    KUBECONFIG: kubeconfig,
    NO_COLOR: '1',
  };
}

let dir: string | undefined;
export function writeTemp(name: string, text: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'portguard-live-e2e-'));
  const file = join(dir, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `kubectl …` asynchronously (the API server lives in this process, so no spawnSync); with
 * `input`, that is written to its stdin through a pipe, as a shell pipeline (`… | kubectl`) does.
 */
export function kubectl(args: string[], kubeconfig: string, input?: Buffer): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('kubectl', args, { env: kubectlEnv(kubeconfig), cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    if (input) child.stdin.end(input);
  });
}

/** True when the plugin has been built (the bin runs dist/). */
export function pluginBuilt(): boolean {
  return (
    spawnSync('test', ['-f', join(root, 'packages/kubectl-portguard/dist/index.js')]).status === 0
  );
}

export const EXPOSURE_RULES = new Set(exposureRules.map((r) => r.meta.name));

/** `rule Kind/namespace/name (n pods)` for each exposure finding of a JSON report. */
export function findingLines(report: any): string[] {
  return report.findings
    .filter((f: any) => EXPOSURE_RULES.has(f.rule))
    .map(
      (f: any) =>
        `${f.rule} ${f.object.kind}/${f.object.namespace ?? ''}/${f.object.name}${f.podCount !== undefined ? ` (${f.podCount} pods)` : ''}`,
    )
    .sort();
}
