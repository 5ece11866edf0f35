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

/**
 * 404 with no body, as Freshdesk answers a missing record: its API controllers `head :not_found`,
 * which in Rails keeps the request format's `Content-Type: application/json` on an empty body.
 */
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

/**
 * Freshdesk's API request interceptor runs before authentication: a POST or PUT with a body whose
 * `Content-Type` is neither JSON nor multipart is refused with 415 (API reference, "Error": "415
 * Unsupported Content-type: Content type application/xml is not supported. Only application/json
 * is supported."). The body is the interceptor's own `{"code":"invalid_content_type","message":
 * "Content-Type header should have application/json"}`.
 */
export const INVALID_CONTENT_TYPE_BODY: FdFlatErrorBody = { code: 'invalid_content_type', message: 'Content-Type header should have application/json' };

export function installContentTypeCheck(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isApiPath(request.url) || (request.method !== 'POST' && request.method !== 'PUT')) return;
    if (Number(request.headers['content-length'] ?? 0) <= 0 && request.headers['transfer-encoding'] === undefined) return;
    if (/multipart\/form-data|application\/json/i.test(request.headers['content-type'] ?? '')) return;
    return reply.code(415).send(INVALID_CONTENT_TYPE_BODY);
  });
}

/**
 * "Request body has invalid json format" is the documented message of the `invalid_json` code
 * (API reference, "Error" → error codes table), in the `Validation failed` shape of every 400.
 */
export const INVALID_JSON_BODY: FdValidationErrorBody = { description: 'Validation failed', errors: [{ field: '', message: 'Request body has invalid json format', code: 'invalid_json' }] };

const sendEmpty = (reply: FastifyReply, status: number) => reply.code(status).type('application/json').send('');

/** The route patterns registered so far, to tell a wrong method (405) from a wrong path (404). */
function collectRoutes(app: FastifyInstance): Array<{ method: string; pattern: RegExp }> {
  const routes: Array<{ method: string; pattern: RegExp }> = [];
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v2/')) return;
    const pattern = new RegExp(`^${route.url.replace(/:[^/]+/g, '[^/]+')}$`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, pattern });
  });
  return routes;
}

/**
 * Renders `FdHttpError`s and Fastify's own body-parsing failures in Freshdesk's shapes, and answers
 * what no route serves. API reference, "Error": "404 Requested Resource not Found: … the request
 * contains invalid ID/Freshdesk domain in the URL or an invalid URL itself" (an empty body, as for
 * a missing record); "405 Method not allowed: This API request used the wrong HTTP verb/method. For
 * example an API PUT request on /api/v2/tickets endpoint will return a HTTP 405 as /api/v2/tickets
 * allows only GET and POST requests", with an `Allow` header listing the verbs the path takes.
 * Call before registering routes.
 */
export function installErrorHandling(app: FastifyInstance): void {
  const routes = collectRoutes(app);
  app.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
    if (error instanceof FdHttpError) return error.body === null ? sendEmpty(reply, error.status) : reply.code(error.status).send(error.body);
    if (error.statusCode === 415) return reply.code(415).send(INVALID_CONTENT_TYPE_BODY);
    if (error.statusCode === 400) return reply.code(400).send(INVALID_JSON_BODY);
    return reply.code(500).send(SERVER_ERROR_BODY);
  });
  app.setNotFoundHandler((request, reply) => {
    const [path = ''] = request.url.split('?');
    const allowed = [...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method))];
    if (allowed.length === 0) return sendEmpty(reply, 404);
    // [unconfirmed] The message wording; the code, the status and `Allow` are what clients read.
    return reply
      .code(405)
      .header('allow', allowed.join(', '))
      .send({ code: 'method_not_allowed', message: `${allowed.join(', ')} method(s) allowed` });
  });
}
