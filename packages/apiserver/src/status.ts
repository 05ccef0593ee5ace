// metav1.Status bodies for errors, shaped like the real API server's.

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason?: string;
  code: number;
  details?: Record<string, unknown>;
}

const REASONS: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'AlreadyExists',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  415: 'UnsupportedMediaType',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
};

/**
 * A Failure Status. `reason` defaults to the code's usual reason; `null` leaves it out, as
 * kube-apiserver does for a webhook denial that names none.
 */
export function status(
  code: number,
  message: string,
  details?: Record<string, unknown>,
  reason?: string | null,
): Status {
  const s: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    code,
  };
  const r = reason === undefined ? (REASONS[code] ?? 'Unknown') : reason;
  if (r) s.reason = r;
  if (details) s.details = details;
  return s;
}

/** An error that the HTTP layer turns into a Status response. */
export class StatusError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly reason?: string | null,
  ) {
    super(message);
  }
  toStatus(): Status {
    return status(this.code, this.message, this.details, this.reason);
  }
}
