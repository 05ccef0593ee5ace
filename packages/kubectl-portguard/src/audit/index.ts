// The audit module of `kubectl portguard audit` (and the TUI's "created by"): pure reading and judging of audit logs.
export { auditLogs, AuditFileError, type AuditOptions, type AuditSource } from './audit-logs.js';
export { judgeEvent, kindOfResource, SINGLE_OBJECT_RULES, type Judgement } from './judge-event.js';
export {
  classifyRaw,
  classifyRawBytes,
  mayExpose,
  quietWrite,
  type RawKind,
} from './raw-filter.js';
export { forEachLine, isGzip } from './read-lines.js';
export { forEachStreamLine } from './read-stream-lines.js';
export { parseDuration } from './duration.js';
export { auditTable } from './table.js';
export type { AuditFinding, AuditReport, AuditUser, SkippedLine } from './types.js';
export { createdByFromAudit, creationText, type CreatedBy, type Creation } from './created-by.js';
