// Reads audit log files line by line and reports the requests that introduced findings, in bounded memory.
import { defaultConfig, type PortguardConfig } from '@portguard/core';
import { classifyRawBytes, quietWrite } from './raw-filter.js';
import { forEachLine } from './read-lines.js';
import { forEachStreamLine } from './read-stream-lines.js';
import { judgeEvent } from './judge-event.js';
import type { AuditFinding, AuditReport, SkippedLine } from './types.js';

/** A log file that cannot be read at all (missing, a folder, no permission): the command's exit 2. */
export class AuditFileError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`${file}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/** A log to read: a file path, or a stream with the name it is reported under (stdin: `<stdin>`). */
export type AuditSource = string | { name: string; stream: NodeJS.ReadableStream };

export interface AuditOptions {
  config?: PortguardConfig;
  /** Only requests received at or after this time (`--since`, counted back from now). */
  since?: Date;
  /** How a file path is named in `skipped` (default: the path given). */
  displayName?: (path: string) => string;
  /** At most this many skipped lines are listed (the rest are counted in `summary.lines` only). */
  maxSkipped?: number;
}

/**
 * Audits `sources` in the order given (give rotated files oldest first). A request is reported once
 * per rule; an update or patch whose rule was already there after the object's previous admitted
 * write in these logs did not introduce it and is not reported again. Rejects only when a file
 * cannot be opened; a bad line or a truncated gzip file is an entry of `skipped`.
 */
export async function auditLogs(
  sources: readonly AuditSource[],
  options: AuditOptions = {},
): Promise<AuditReport> {
  const events: AuditFinding[] = [];
  const skipped: SkippedLine[] = [];
  const maxSkipped = options.maxSkipped ?? 1000;
  let lines = 0;
  let requests = 0;
  /** The rules each object broke after its last admitted, certainly judged write (`,rule,rule,`). */
  const state = new Map<string, string>();
  const since = options.since?.getTime();
  const config = options.config ?? defaultConfig();
  for (const source of sources) {
    const file =
      typeof source === 'string' ? (options.displayName?.(source) ?? source) : source.name;
    const skip = (line: number, reason: string) => {
      if (skipped.length < maxSkipped) skipped.push({ file, line, reason });
    };
    const onLine = (bytes: Buffer, n: number) => {
      const raw = classifyRawBytes(bytes);
      if (raw === 'not-json') return skip(n, 'not JSON');
      if (raw !== 'candidate') return;
      // Most writes name no exposure field: count them and track their object, without JSON.parse.
      const quiet = quietWrite(bytes);
      if (quiet) {
        if (quiet.subresource) return;
        if (since !== undefined && !(Date.parse(String(quiet.time)) >= since)) return;
        requests++;
        if (quiet.certain) state.delete(quiet.objectKey);
        return;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(bytes.toString('utf8'));
      } catch {
        return skip(n, 'not JSON');
      }
      const j = judgeEvent(parsed, { config });
      if (j.kind === 'skip') return skip(n, j.reason);
      if (j.kind === 'ignored') return;
      const e = parsed as { verb?: string; requestReceivedTimestamp?: string };
      if (since !== undefined && !(Date.parse(String(e.requestReceivedTimestamp)) >= since)) return;
      requests++;
      const before = state.get(j.objectKey);
      for (const f of j.findings) {
        const kept =
          e.verb !== 'create' && j.certain && j.admitted && before?.includes(`,${f.rule},`);
        if (!kept) events.push({ ...f, file, line: n });
      }
      if (j.admitted && j.certain) {
        if (j.findings.length)
          state.set(j.objectKey, `,${j.findings.map((f) => f.rule).join(',')},`);
        else state.delete(j.objectKey);
      }
    };
    let result: { lines: number; error?: Error };
    try {
      result =
        typeof source === 'string'
          ? await forEachLine(source, onLine)
          : await forEachStreamLine(source.stream, onLine);
    } catch (e) {
      throw new AuditFileError(file, e);
    }
    lines += result.lines;
    if (result.error) skip(result.lines + 1, `the file ends early: ${result.error.message}`);
  }
  return { events, skipped, summary: { lines, requests, events: events.length } };
}
