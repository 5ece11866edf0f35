import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FdFlatErrorBody, FdValidationErrorBody } from '../wire-types.js';
import type { SandboxState } from './state.js';

/** An error answer in one of Freshdesk's shapes; thrown by routes, rendered by the error handler. */
export class FdHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: FdValidationErrorBody | FdFlatErrorBody | null,
  ) {
    super(`Freshdesk ${status}`);
  }
}

export interface FieldProblem {
  field: string;
  message: string;
  code: string;
}

/** 400 `{"description":"Validation failed","errors":[…]}` */
export function validationFailed(errors: FieldProblem[]): FdHttpError {
  return new FdHttpError(400, { description: 'Validation failed', errors });
}

/** 404 with no body, as Freshdesk answers a missing record. */
export const notFound = () => new FdHttpError(404, null);

export const INVALID_FIELD = 'Unexpected/invalid field in request';

/** Freshdesk rejects query parameters an endpoint does not know. */
export function checkQuery(request: FastifyRequest, allowed: readonly string[]): Record<string, string> {
  const query = request.query as Record<string, string | string[]>;
  const unknown = Object.keys(query).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw validationFailed(unknown.map((field) => ({ field, message: INVALID_FIELD, code: 'invalid_field' })));
  return Object.fromEntries(Object.entries(query).map(([key, value]) => [key, Array.isArray(value) ? (value.at(-1) ?? '') : value]));
}

export function checkBodyFields(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailed([{ field: '', message: 'Request body has invalid json format', code: 'invalid_json' }]);
  }
  const unknown = Object.keys(body).filter((key) => !allowed.includes(key));
  if (unknown.length > 0) throw validationFailed(unknown.map((field) => ({ field, message: INVALID_FIELD, code: 'invalid_field' })));
  return body as Record<string, unknown>;
}

export function positiveInt(value: string | undefined, field: string, options: { max?: number; fallback: number }): number {
  if (value === undefined || value === '') return options.fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || (options.max !== undefined && number > options.max)) {
    const bound = options.max === undefined ? '' : ` less than or equal to ${options.max}`;
    throw validationFailed([{ field, message: `It should be a Positive Integer${bound}`, code: 'invalid_value' }]);
  }
  return number;
}

export function pathId(request: FastifyRequest, name = 'id'): number {
  const raw = (request.params as Record<string, string>)[name] ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw notFound();
  return Number(raw);
}

/**
 * One page of a bare-array list, with `Link: <…page=N+1>; rel="next"` only when more exist.
 * Freshdesk lists default to 30 per page and allow at most 100.
 */
export function paginate<T>(request: FastifyRequest, reply: FastifyReply, items: readonly T[], options: { maxPages?: number; perPage?: number } = {}): T[] {
  const query = request.query as Record<string, string>;
  const perPage = options.perPage ?? positiveInt(query.per_page, 'per_page', { max: 100, fallback: 30 });
  const page = positiveInt(query.page, 'page', { fallback: 1 });
  if (options.maxPages !== undefined && page > options.maxPages) {
    throw validationFailed([{ field: 'page', message: `It should be less than or equal to ${options.maxPages}`, code: 'invalid_value' }]);
  }
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  const hasMore = start + perPage < items.length && (options.maxPages === undefined || page < options.maxPages);
  if (hasMore) {
    const next = new URL(request.url, `${request.protocol}://${request.headers.host ?? '127.0.0.1'}`);
    next.searchParams.set('page', String(page + 1));
    reply.header('link', `<${next.toString()}>; rel="next"`);
  }
  return slice;
}

const agentByRequest = new WeakMap<FastifyRequest, number>();

/** The agent whose API key authenticated this request. */
export function requestAgent(request: FastifyRequest): number {
  return agentByRequest.get(request) as number;
}

const isApiPath = (url: string) => url.startsWith('/api/v2/');

/** [unconfirmed] Freshdesk's 429 body; the status and `Retry-After` are what clients rely on. */
export const RATE_LIMITED_BODY: FdFlatErrorBody = { code: 'rate_limit_exceeded', message: 'You have exceeded the limit of requests per minute' };
/** [unconfirmed] Freshdesk's 500 body. */
export const SERVER_ERROR_BODY: FdFlatErrorBody = { code: 'internal_error', message: "We're sorry, but something went wrong." };
export const INVALID_CREDENTIALS_BODY: FdFlatErrorBody = { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' };

/** Basic `APIKEY:X` (the password is ignored); anything else is 401 `invalid_credentials`. */
export function installAuth(app: FastifyInstance, state: SandboxState): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url)) return;
    const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const decoded = match ? Buffer.from(match[1] ?? '', 'base64').toString('utf8') : '';
    const key = decoded.includes(':') ? decoded.slice(0, decoded.indexOf(':')) : decoded;
    const agentId = state.apiKeys.get(key);
    if (agentId === undefined) return reply.code(401).send(INVALID_CREDENTIALS_BODY);
    agentByRequest.set(request, agentId);
  });
}

/** Renders `FdHttpError`s and Fastify's own body-parsing failures in Freshdesk's shapes. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof FdHttpError) return reply.code(error.status).send(error.body ?? undefined);
    if (error.statusCode === 400 || error.statusCode === 415) {
      return reply.code(400).send({ description: 'Validation failed', errors: [{ field: '', message: 'Request body has invalid json format', code: 'invalid_json' }] });
    }
    return reply.code(500).send(SERVER_ERROR_BODY);
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send());
}
