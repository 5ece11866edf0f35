import { ThreadlineError, type JsonValue } from '@threadline/platform';
import type { HelpdeskKind } from './model.js';

/**
 * What went wrong talking to a helpdesk, independent of the vendor. Callers branch on `kind`,
 * never on the message. The code is `<VENDOR>_<KIND>`, e.g. `ZENDESK_RATE_LIMITED`.
 */
export type ConnectorErrorKind =
  | 'not_found'
  | 'auth'
  | 'forbidden'
  | 'rate_limited'
  | 'validation'
  | 'conflict'
  | 'timeout'
  | 'network'
  | 'unavailable'
  | 'protocol';

const CATEGORY: Record<ConnectorErrorKind, 'user' | 'upstream'> = {
  not_found: 'user',
  validation: 'user',
  conflict: 'user',
  auth: 'upstream',
  forbidden: 'upstream',
  rate_limited: 'upstream',
  timeout: 'upstream',
  network: 'upstream',
  unavailable: 'upstream',
  protocol: 'upstream',
};

const STATUS: Partial<Record<ConnectorErrorKind, number>> = { not_found: 404, validation: 422, conflict: 409, rate_limited: 503, timeout: 504 };

/** A field-level validation problem as the helpdesk reported it. */
export interface FieldError {
  field: string;
  message: string;
  code: string;
}

export interface ConnectorErrorOptions {
  vendor: HelpdeskKind;
  kind: ConnectorErrorKind;
  message: string;
  /** HTTP status the helpdesk answered with, if any. */
  httpStatus?: number;
  /** For `rate_limited`: how long the helpdesk asked us to wait. */
  retryAfterMs?: number;
  /** For `validation`: the field errors. */
  fieldErrors?: FieldError[];
  details?: Record<string, JsonValue>;
  cause?: unknown;
}

export class ConnectorError extends ThreadlineError {
  readonly vendor: HelpdeskKind;
  readonly kind: ConnectorErrorKind;
  readonly httpStatus: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly fieldErrors: FieldError[];

  constructor(options: ConnectorErrorOptions) {
    super({
      code: `${options.vendor.toUpperCase()}_${options.kind.toUpperCase()}`,
      category: CATEGORY[options.kind],
      status: STATUS[options.kind],
      message: options.message,
      details: {
        ...options.details,
        ...(options.httpStatus === undefined ? {} : { httpStatus: options.httpStatus }),
        ...(options.retryAfterMs === undefined ? {} : { retryAfterMs: options.retryAfterMs }),
        ...(options.fieldErrors?.length ? { fieldErrors: options.fieldErrors as unknown as JsonValue } : {}),
      },
      cause: options.cause,
    });
    this.name = 'ConnectorError';
    this.vendor = options.vendor;
    this.kind = options.kind;
    this.httpStatus = options.httpStatus;
    this.retryAfterMs = options.retryAfterMs;
    this.fieldErrors = options.fieldErrors ?? [];
  }
}

export function isConnectorError(error: unknown, kind?: ConnectorErrorKind): error is ConnectorError {
  return error instanceof ConnectorError && (kind === undefined || error.kind === kind);
}

/** Webhook rejections: bad signature, stale timestamp, missing secret, unreadable body. */
export type WebhookErrorReason = 'missing_signature' | 'bad_signature' | 'stale' | 'missing_secret' | 'bad_secret' | 'malformed';

export class WebhookError extends ThreadlineError {
  readonly reason: WebhookErrorReason;
  constructor(vendor: HelpdeskKind, reason: WebhookErrorReason, message: string) {
    super({
      code: reason === 'malformed' ? `${vendor.toUpperCase()}_WEBHOOK_MALFORMED` : `${vendor.toUpperCase()}_WEBHOOK_UNAUTHENTICATED`,
      category: 'user',
      status: reason === 'malformed' ? 400 : 401,
      message,
      details: { reason },
    });
    this.name = 'WebhookError';
    this.reason = reason;
  }
}
