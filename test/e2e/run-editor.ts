// Runs a headless editor to its end: its exit code and stderr, or a failure naming it after a time limit.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export function runEditor(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish within ${timeoutMs} ms: ${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** The client script's report (the JSON it wrote to `out`), once the editor exited 0 and the script said ok. */
export function readReport(run: { code: number | null; stderr: string }, out: string): any {
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(report.ok, true, `${report.error} after ${report.steps.join(', ')}`);
  return report;
}
