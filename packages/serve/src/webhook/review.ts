// The admission webhook's decision as a pure function: an AdmissionReview and the cluster's state in, the response out.
import {
  atLeast,
  isObject,
  isSystemNamespace,
  postureRules,
  refOf,
  rules,
  scanObjects,
  type Finding,
  type ManifestObject,
  type PortguardConfig,
  type Severity,
} from '@portguard/core';
import type { Decision } from '../metrics/metrics.js';
import { refKey } from '../watch/finding-key.js';
import { remediationOf } from './remediation.js';
import { objectsToScan, type ReviewContext } from './review-context.js';

export type Mode = 'deny' | 'warn' | 'audit';
export const MODES: readonly Mode[] = ['audit', 'warn', 'deny'];

export interface ReviewOptions {
  mode: Mode;
  /** Findings at or above this severity are acted on (denied, warned, counted); default medium. */
  failOn: Severity;
  config: PortguardConfig;
  /** Honour portguard.dev/ignore on the reviewed object itself (as `scan --trust-object-annotations`). */
  trustObjectAnnotations?: boolean;
}

/** An `admission.k8s.io/v1` AdmissionReview answer. */
export interface AdmissionReviewResponse {
  apiVersion: 'admission.k8s.io/v1';
  kind: 'AdmissionReview';
  response: {
    uid: string;
    allowed: boolean;
    status?: { code: number; reason?: string; message: string };
    warnings?: string[];
  };
}

/** The response, and what the metrics and logs say of it. */
export interface ReviewOutcome {
  review: AdmissionReviewResponse;
  decision: Decision;
  operation: string;
  kind: string;
  /** The findings acted on (at or above failOn). */
  findings: Finding[];
  /** For an undecidable review: why (the response admits with this as its warning). */
  error?: string;
}

/**
 * The rules a review runs: all but the posture rules, which speak of Namespaces and of the
 * cluster's admission control, never of the reviewed workload or Service.
 */
const REVIEW_RULES = rules.filter((r) => !postureRules.includes(r));

/** Thrown for a body that is not an AdmissionReview with a request uid: the server answers 400. */
export class MalformedReview extends Error {}

const ADMISSION_V1 = 'admission.k8s.io/v1';
/** Kubernetes shows warnings as they are; keep each one line and short enough for a terminal. */
const MAX_WARNING = 512;

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** `high host-port: container "app" uses hostPort 8080 (use a ClusterIP Service…: kubectl portguard fix -f <file>)` */
export function warningOf(f: Finding): string {
  const line = oneLine(
    `portguard ${f.rule} (${f.severity}): ${f.message}; ${remediationOf(f.rule)}`,
  );
  return line.length > MAX_WARNING ? `${line.slice(0, MAX_WARNING - 1)}…` : line;
}

function denialOf(
  ref: { kind: string; namespace?: string; name: string },
  findings: Finding[],
): string {
  const what = `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;
  const reasons = findings.map(
    (f) => `${f.rule} (${f.severity}): ${f.message} (${remediationOf(f.rule)})`,
  );
  return oneLine(`portguard refuses ${what}: ${reasons.join('; ')}`);
}

/**
 * Decides one review. CREATE and UPDATE of an object are scanned with core, beside the parts of
 * the cluster's state that can change its findings (tenants, namespace annotations, policies,
 * and the other tenants' objects on the same hostPort or nodePort); the config's exemptions and
 * allowances apply as in `scan`. Then, for the findings at or above `failOn`:
 * `deny` refuses (403, the findings and their remediation as the message), except in system
 * namespaces, which are admitted with warnings; `warn` admits with one warning per finding;
 * `audit` admits silently (decision `audited`, for the metrics). DELETE and CONNECT are allowed.
 * A review that names a uid but cannot be judged (malformed, or before the first full list of
 * the cluster) is admitted with a warning (decision `error`);
 * a body without a uid throws MalformedReview (the server answers 400).
 */
export function review(
  body: unknown,
  context: ReviewContext,
  options: ReviewOptions,
): ReviewOutcome {
  const request = isObject(body) ? body.request : undefined;
  const uid = isObject(request) ? request.uid : undefined;
  if (!isObject(body) || !isObject(request) || typeof uid !== 'string' || uid === '')
    throw new MalformedReview('not an AdmissionReview with request.uid');
  const operation = typeof request.operation === 'string' ? request.operation : '';
  const kind =
    (isObject(request.kind) && typeof request.kind.kind === 'string' && request.kind.kind) ||
    (isObject(request.object) && typeof request.object.kind === 'string' && request.object.kind) ||
    '';
  const answer = (
    decision: Decision,
    response: Omit<AdmissionReviewResponse['response'], 'uid'>,
    findings: Finding[] = [],
    error?: string,
  ): ReviewOutcome => ({
    review: { apiVersion: ADMISSION_V1, kind: 'AdmissionReview', response: { uid, ...response } },
    decision,
    operation,
    kind,
    findings,
    ...(error ? { error } : {}),
  });
  const undecidable = (why: string) =>
    answer(
      'error',
      { allowed: true, warnings: [oneLine(`portguard could not review this request: ${why}`)] },
      [],
      why,
    );

  if (body.apiVersion !== undefined && body.apiVersion !== ADMISSION_V1)
    return undecidable(`apiVersion ${String(body.apiVersion)} is not ${ADMISSION_V1}`);
  if (operation === 'DELETE' || operation === 'CONNECT')
    return answer('allowed', { allowed: true });
  if (operation !== 'CREATE' && operation !== 'UPDATE')
    return undecidable(
      operation
        ? `operation ${operation} is not CREATE, UPDATE, DELETE or CONNECT`
        : 'request.operation is missing',
    );
  if (!isObject(request.object)) return undecidable('request.object is missing');
  // Without the cluster's state a namespace's ignore annotation or another tenant's port is unknown.
  if (!context.synced) return undecidable('the cluster has not been listed yet');
  try {
    const object = manifestOf(request.object, request, kind);
    const acted = scanObjects(objectsToScan(context, object), {
      config: options.config,
      trustObjectAnnotations: options.trustObjectAnnotations ?? false,
      rules: REVIEW_RULES,
    }).findings.filter(
      (f) => refKey(f.object) === refKey(object.ref) && atLeast(f.severity, options.failOn),
    );
    if (acted.length === 0) return answer('allowed', { allowed: true });
    if (options.mode === 'audit') return answer('audited', { allowed: true }, acted);
    const system = isSystemNamespace(object.ref.namespace, options.config);
    if (options.mode === 'deny' && !system)
      return answer(
        'denied',
        {
          allowed: false,
          status: { code: 403, reason: 'Forbidden', message: denialOf(object.ref, acted) },
        },
        acted,
      );
    return answer('warned', { allowed: true, warnings: acted.map(warningOf) }, acted);
  } catch (e) {
    return undecidable(e instanceof Error ? e.message : String(e));
  }
}

/** The reviewed object as the engine takes it: apiVersion, kind, namespace and name filled in from the request. */
function manifestOf(
  value: Record<string, any>,
  request: Record<string, any>,
  kind: string,
): ManifestObject {
  const group = isObject(request.kind) ? request.kind.group : undefined;
  const version = isObject(request.kind) ? request.kind.version : undefined;
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const namespace =
    metadata.namespace ??
    (typeof request.namespace === 'string' && request.namespace ? request.namespace : undefined);
  const name = metadata.name || request.name;
  const filled = {
    ...value,
    apiVersion: value.apiVersion ?? (group ? `${group}/${version}` : version),
    kind: value.kind ?? kind,
    metadata: {
      ...metadata,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(name ? { name } : {}),
    },
  };
  return { value: filled, ref: refOf(filled), origin: 'cluster' };
}
