// Structured logs: one JSON object a line (level, msg, time, then the event's fields), as Kubernetes components log.

export type LogLevel = 'info' | 'warn' | 'error';

/** Writes log lines; `fields` carry the object's identity (`object: {kind, namespace, name}`), the rule… */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * A logger that writes `{"level":"info","msg":"synced","time":"2026-…Z",…}` lines to `out`.
 * One write per line, so lines of concurrent events never interleave.
 */
export function jsonLogger(
  out: { write(s: string): unknown },
  now: () => Date = () => new Date(),
): Logger {
  const line = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}) =>
    out.write(`${JSON.stringify({ level, msg, time: now().toISOString(), ...fields })}\n`);
  return {
    info: (msg, fields) => line('info', msg, fields),
    warn: (msg, fields) => line('warn', msg, fields),
    error: (msg, fields) => line('error', msg, fields),
  };
}
