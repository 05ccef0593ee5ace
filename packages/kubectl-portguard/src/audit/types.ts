// The shapes of `kubectl portguard audit`: the report of the contract ("Fleets and audit logs") and its parts.
import type { Severity } from '@portguard/core';

/** authentication.k8s.io UserInfo as an audit event carries it. */
export interface AuditUser {
  username: string;
  uid?: string;
  groups?: string[];
}

/** One request that introduced (or may have introduced) a finding of one rule. */
export interface AuditFinding {
  auditID: string;
  /** requestReceivedTimestamp of the request. */
  time: string;
  verb: string;
  user: AuditUser;
  impersonatedUser?: AuditUser;
  sourceIPs: string[];
  userAgent?: string;
  object: { apiVersion: string; kind: string; namespace?: string; name: string };
  rule: string;
  severity: Severity;
  message: string;
  /** False when the API server refused the request (responseStatus.code ≥ 400). */
  admitted: boolean;
  certainty: 'certain' | 'possible';
  /** Why it is only possible: the log holds no object to judge. */
  reason?: string;
  /** Where it was read (not in the contract's JSON: the table and the TUI use it). */
  file?: string;
  line?: number;
}

/** A line that could not be judged, named by file and 1-based line number. */
export interface SkippedLine {
  file: string;
  line: number;
  reason: string;
}

export interface AuditReport {
  events: AuditFinding[];
  skipped: SkippedLine[];
  summary: {
    /** Lines read, every file. */
    lines: number;
    /** create/update/patch requests judged (their ResponseComplete stage). */
    requests: number;
    events: number;
  };
}
