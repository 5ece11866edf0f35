import fp from 'fastify-plugin';
import { STATUS_CODES as STATUS_CODES_TEXT } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance } from 'fastify';
import { isThreadlineError, type ErrorProblem, type ThreadlineError } from '@threadline/platform';
import type { ErrorBody } from '../../contract/errors.js';
import type { ServerErrorCode } from '../../errors.js';

const INTERNAL_ERROR: ServerErrorCode = 'SERVER_INTERNAL_ERROR';

/** Stable codes for the 4xx errors Fastify raises itself, so clients never see FST_* internals. */
const FRAMEWORK_CODES: Readonly<Record<string, ServerErrorCode>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'SERVER_INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'SERVER_INVALID_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'SERVER_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'SERVER_INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_BODY_TOO_LARGE: 'SERVER_PAYLOAD_TOO_LARGE',
};

/** Codes for a framework error that has no code of its own above, by its status. */
const STATUS_CODES: Readonly<Record<number, ServerErrorCode>> = {
  400: 'SERVER_BAD_REQUEST',
  401: 'SERVER_UNAUTHORIZED',
  403: 'SERVER_FORBIDDEN',
  404: 'SERVER_ROUTE_NOT_FOUND',
  405: 'SERVER_METHOD_NOT_ALLOWED',
  406: 'SERVER_NOT_ACCEPTABLE',
  409: 'SERVER_CONFLICT',
  413: 'SERVER_PAYLOAD_TOO_LARGE',
  415: 'SERVER_UNSUPPORTED_MEDIA_TYPE',
  429: 'SERVER_RATE_LIMITED',
  503: 'SERVER_SERVICE_UNAVAILABLE',
};

/**
 * The one place a problem becomes an HTTP status. A `user` error answers with its problem's 4xx;
 * an `upstream` one with 502, or 503/504 when the dependency was rate limited, down or too slow.
 */
const USER_STATUS: Readonly<Record<ErrorProblem, number>> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  failed: 400,
  unavailable: 503,
  timeout: 504,
};
const UPSTREAM_STATUS: Readonly<Partial<Record<ErrorProblem, number>>> = { rate_limited: 503, unavailable: 503, timeout: 504 };

/** The HTTP status of a Threadline error, from its category and problem (the errors reference prints the same). */
export function statusOf(error: Pick<ThreadlineError, 'category' | 'problem'>): number {
  if (error.category === 'user') return USER_STATUS[error.problem];
  if (error.category === 'upstream') return UPSTREAM_STATUS[error.problem] ?? 502;
  return 500;
}

/**
 * Answers what Node's HTTP parser refuses before Fastify sees a request (a header block over the
 * limit, broken framing) with the same `{ code, message }` body as every other error.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message]: [number, ServerErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'SERVER_HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts (16 KB); send fewer or shorter headers']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'SERVER_REQUEST_TIMEOUT', 'The request was not received in time']
        : [400, 'SERVER_BAD_REQUEST', 'The request is not valid HTTP'];
  const body = JSON.stringify({ code, message } satisfies ErrorBody);
  this.log.debug({ code: error.code }, 'client error');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES_TEXT[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** Seconds to wait when an unavailable dependency names no time of its own. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * `Retry-After` for a 503/429: the wait the failing dependency asked for (`details.retryAfterMs`,
 * set where the error was made), else a short default. Helpdesks redeliver a webhook answered 503.
 */
function retryAfterSeconds(details: Record<string, unknown>): number {
  const ms = details.retryAfterMs;
  return typeof ms === 'number' && ms > 0 ? Math.max(1, Math.ceil(ms / 1000)) : DEFAULT_RETRY_AFTER_SECONDS;
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && 'statusCode' in error;
}

/**
 * The edge where errors become HTTP: every 4xx/5xx body is `{ code, message }`.
 * `user` errors say why; `upstream` errors become 502 (or the 503 they ask for, with `Retry-After`)
 * with a retry hint; anything unexpected is a 500 whose details stay in the log.
 */
export const errorHandlerPlugin = fp(
  async (app) => {
    app.setErrorHandler<Error>((error, request, reply) => {
      const requestId = String(request.id);
      let status: number;
      let body: ErrorBody;
      if (isThreadlineError(error)) {
        status = statusOf(error);
        if (error.category === 'user') {
          body = { code: error.code, message: error.message, details: error.details };
          // A 429 we answer ourselves (sign-in attempts) says when to come back, as upstream 503s do.
          if (status === 429) void reply.header('retry-after', String(retryAfterSeconds(error.details)));
        } else if (error.category === 'upstream') {
          body = { code: error.code, message: `${error.message}; try again shortly`, details: error.details };
          if (status === 503 || status === 429) void reply.header('retry-after', String(retryAfterSeconds(error.details)));
          request.log.warn({ err: error }, 'upstream failure');
        } else {
          body = { code: INTERNAL_ERROR, message: 'Internal server error; the details are in the server log' };
          request.log.error({ err: error }, 'request failed');
        }
      } else if (isFastifyError(error) && error.validation) {
        status = 400;
        const issues = error.validation.map((issue) => {
          const path = `${error.validationContext ?? ''}${issue.instancePath}`;
          // Name the property a client sent that the API does not take (Ajv's message does not).
          const unknown = issue.keyword === 'additionalProperties' ? (issue.params as { additionalProperty?: unknown }).additionalProperty : undefined;
          return { path, message: typeof unknown === 'string' ? `has an unknown property "${unknown}"; only the documented ones are accepted` : (issue.message ?? 'is invalid') };
        });
        const unknownOnly = issues.every((issue) => issue.message.startsWith('has an unknown property'));
        body = {
          code: 'SERVER_VALIDATION_FAILED' satisfies ServerErrorCode,
          message: unknownOnly ? issues.map((issue) => `${issue.path} ${issue.message}`).join('; ') : error.message,
          details: { issues },
        };
      } else if (isFastifyError(error) && error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        status = error.statusCode;
        body = { code: FRAMEWORK_CODES[error.code] ?? STATUS_CODES[status] ?? 'SERVER_BAD_REQUEST', message: error.message };
      } else {
        status = 500;
        body = { code: INTERNAL_ERROR, message: 'Internal server error; the details are in the server log' };
        request.log.error({ err: error }, 'request failed');
      }
      void reply.status(status).send({ ...body, requestId });
    });

    app.setNotFoundHandler((request, reply) => {
      void reply.status(404).send({
        code: 'SERVER_ROUTE_NOT_FOUND' satisfies ServerErrorCode,
        message: `Route ${request.method} ${request.url.split('?')[0]} not found; the API is described at /docs`,
        requestId: String(request.id),
      } satisfies ErrorBody);
    });
  },
  { name: 'error-handler' },
);
