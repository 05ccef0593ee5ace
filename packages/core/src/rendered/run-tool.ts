// Runs a rendering tool (kubectl kustomize, helm template) and collects its output: shared by the CLI and the server.
import { execFile } from 'node:child_process';

export interface ToolResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

/** Rendered output can be large; a runaway renderer is stopped rather than waited on forever. */
const MAX_OUTPUT = 256 * 2 ** 20;
const TIMEOUT_MS = 120_000;

/** Runs `file args` without a shell; never rejects (a failure is `ok: false` with its stderr). */
export function runTool(
  file: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<ToolResult> {
  return new Promise((resolveRun) => {
    execFile(
      file,
      args,
      { env, cwd, maxBuffer: MAX_OUTPUT, timeout: TIMEOUT_MS, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        const extra =
          error && !stderr.trim() ? (code === 'ENOENT' ? `${file}: not found` : error.message) : '';
        resolveRun({ ok: !error, stdout, stderr: stderr || extra });
      },
    );
  });
}

/**
 * The first line of a tool's error that says something: kubectl's klog prefix
 * (`E1201 … run.go:72] "command failed" err="…"`) and kustomize's `Error: ` are stripped.
 */
export function firstErrorLine(stderr: string): string {
  const line =
    stderr
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? 'failed with no message';
  const klog = /\berr="((?:[^"\\]|\\.)*)"/.exec(line);
  const text = klog ? klog[1].replace(/\\(.)/g, '$1') : line;
  return text.replace(/^Error:\s*/, '');
}
