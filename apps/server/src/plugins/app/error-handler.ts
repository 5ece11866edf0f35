import fp from 'fastify-plugin';
import { STATUS_CODES as STATUS_CODES_TEXT } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance } from 'fastify';
import { isThreadlineError } from '@threadline/platform';
import type { ErrorBody } from '../../contract/errors.js';

/** Stable codes for the 4xx errors Fastify raises itself, so clients never see FST_* internals. */
const FRAMEWORK_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
};

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * Answers what Node's HTTP parser refuses before Fastify sees a request (a header block over the
 * limit, broken framing) with the same `{ code, message }` body as every other error.
 */
export function clientErrorHandler(this: FastifyInstance, error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts (16 KB); send fewer or shorter headers']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request was not received in time']
        : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
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
        if (error.category === 'user') {
          status = error.status ?? 400;
          body = { code: error.code, message: error.message, details: error.details };
          // A 429 we answer ourselves (sign-in attempts) says when to come back, as upstream 503s do.
          if (status === 429) void reply.header('retry-after', String(retryAfterSeconds(error.details)));
        } else if (error.category === 'upstream') {
          status = error.status ?? 502;
          body = { code: error.code, message: `${error.message}; try again shortly`, details: error.details };
          if (status === 503 || status === 429) void reply.header('retry-after', String(retryAfterSeconds(error.details)));
          request.log.warn({ err: error }, 'upstream failure');
        } else {
          status = 500;
          body = { code: 'INTERNAL_ERROR', message: 'Internal server error; the details are in the server log' };
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
          code: 'VALIDATION_FAILED',
          message: unknownOnly ? issues.map((issue) => `${issue.path} ${issue.message}`).join('; ') : error.message,
          details: { issues },
        };
      } else if (isFastifyError(error) && error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        status = error.statusCode;
        body = { code: FRAMEWORK_CODES[error.code] ?? STATUS_CODES[status] ?? 'BAD_REQUEST', message: error.message };
      } else {
        status = 500;
        body = { code: 'INTERNAL_ERROR', message: 'Internal server error; the details are in the server log' };
        request.log.error({ err: error }, 'request failed');
      }
      void reply.status(status).send({ ...body, requestId });
    });

    app.setNotFoundHandler((request, reply) => {
      void reply.status(404).send({
        code: 'NOT_FOUND',
        message: `Route ${request.method} ${request.url.split('?')[0]} not found; the API is described at /docs`,
        requestId: String(request.id),
      } satisfies ErrorBody);
    });
  },
  { name: 'error-handler' },
);
