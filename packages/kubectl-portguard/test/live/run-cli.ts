// Runs the CLI in-process with captured stdout/stderr, for the live-cluster tests.
import { PassThrough, Writable } from 'node:stream';
import { main } from '../../src/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _enc: string, cb: () => void) {
    this.text += chunk.toString();
    cb();
  }
}

/** `kubectl portguard <argv>` with `env` (no KUBECONFIG/HOME leaking in from the test runner). */
export async function runCli(
  argv: string[],
  env: NodeJS.ProcessEnv = {},
  options: { stderrIsTTY?: boolean } = {},
): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture(options.stderrIsTTY ?? false);
  const code = await main({
    argv,
    stdin: new PassThrough(),
    stdout,
    stderr,
    env: { HOME: '/nonexistent-home', NO_COLOR: '1', ...env },
    cwd: process.cwd(),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
