import { ThreadlineError, classify, defineErrorCatalogue, type ErrorDefinition, type JsonValue } from '@threadline/platform';
import type { HelpdeskKind } from './model.js';

/**
 * What went wrong talking to a helpdesk, independent of the vendor. Callers branch on `kind`,
 * never on the message. The code is `<VENDOR>_<KIND>`, e.g. `ZENDESK_RATE_LIMITED`.
 *
 * A `ConnectorError` takes an options object, unlike the packages' `new XError(code, message,
 * details, cause)`: its code is made from the vendor and the kind, and it carries the helpdesk's
 * status, wait and field errors as typed fields.
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

/** What each kind means, once for every helpdesk; the catalogue below spells it out per vendor. */
const KINDS: Readonly<Record<ConnectorErrorKind, ErrorDefinition>> = {
  not_found: { category: 'user', problem: 'not_found', description: 'The helpdesk has no such ticket, user or record (404).' },
  validation: { category: 'user', problem: 'unprocessable', description: "The helpdesk refused the request's fields; `details.fieldErrors` carries its own words." },
  conflict: { category: 'user', problem: 'conflict', description: 'The helpdesk refused a write that conflicts with its current state (409).' },
  auth: { category: 'upstream', description: "The helpdesk refused the connection's credentials (401)." },
  forbidden: { category: 'upstream', description: 'The credentials work but may not do this (403).' },
  rate_limited: { category: 'upstream', problem: 'rate_limited', description: "The helpdesk kept answering 429 after the retries; `details.retryAfterMs` is the wait it asked for." },
  timeout: { category: 'upstream', problem: 'timeout', description: 'The helpdesk did not answer within the timeout, after the retries.' },
  network: { category: 'upstream', description: 'The helpdesk could not be reached (DNS, refused connection, TLS).' },
  unavailable: { category: 'upstream', description: 'The helpdesk answered 5xx after the retries.' },
  protocol: { category: 'upstream', description: 'The helpdesk answered with a body that is not what its API documents.' },
};

const CONNECTOR_KINDS = Object.keys(KINDS) as ConnectorErrorKind[];
// A record, not a list, so a helpdesk added to `HelpdeskKind` without its codes does not compile.
const HELPDESKS = Object.keys({ zendesk: true, freshdesk: true } satisfies Record<HelpdeskKind, true>) as HelpdeskKind[];

type VendorCode = `${Uppercase<HelpdeskKind>}_${Uppercase<ConnectorErrorKind>}` | `${Uppercase<HelpdeskKind>}_WEBHOOK_${'MALFORMED' | 'UNAUTHENTICATED'}`;
export type ConnectorErrorCode = VendorCode | 'CONNECTOR_SANDBOX_MISUSE';

const vendorCode = (vendor: HelpdeskKind, rest: string) => `${vendor.toUpperCase()}_${rest.toUpperCase()}` as VendorCode;

/**
 * The connectors' catalogue. A helpdesk's failures carry its name (`ZENDESK_RATE_LIMITED`), so an
 * operator reading a code knows which helpdesk to look at; the kinds are the same for every vendor.
 */
export const ConnectorErrors = defineErrorCatalogue<ConnectorErrorCode>({
  package: '@threadline/connector-core',
  prefixes: ['CONNECTOR_', ...HELPDESKS.map((vendor) => `${vendor.toUpperCase()}_`)],
  codes: Object.fromEntries([
    ...HELPDESKS.flatMap((vendor) => [
      ...CONNECTOR_KINDS.map((kind) => [vendorCode(vendor, kind), KINDS[kind]] as const),
      [vendorCode(vendor, 'webhook_malformed'), { category: 'user', description: 'A webhook body that cannot be read as the helpdesk sends it.' }] as const,
      [
        vendorCode(vendor, 'webhook_unauthenticated'),
        { category: 'user', problem: 'unauthenticated', description: 'A webhook without a valid signature or secret, or with a stale timestamp.' },
      ] as const,
    ]),
    ['CONNECTOR_SANDBOX_MISUSE', { category: 'system', description: 'A test or script misused a sandbox (an unknown key, a bad dataset): a bug in the caller.' }] as const,
  ]) as Record<ConnectorErrorCode, ErrorDefinition>,
});

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
      ...classify(ConnectorErrors, vendorCode(options.vendor, options.kind)),
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
      ...classify(ConnectorErrors, vendorCode(vendor, reason === 'malformed' ? 'webhook_malformed' : 'webhook_unauthenticated')),
      message,
      details: { reason },
    });
    this.name = 'WebhookError';
    this.reason = reason;
  }
}

/** Misuse of a sandbox by a test or script (an unknown key, a bad dataset): a bug in the caller. */
export function sandboxMisuse(message: string, details: Record<string, JsonValue> = {}): ThreadlineError {
  return new ThreadlineError({ ...classify(ConnectorErrors, 'CONNECTOR_SANDBOX_MISUSE'), message, details });
}
