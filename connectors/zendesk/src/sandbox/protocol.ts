import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Zendesk's response conventions, shared by every sandbox route: error bodies, pagination
 * (offset by default, cursor when `page[size]` is sent) and sideloads.
 */

export type Query = Record<string, string | string[] | undefined>;

export function queryOf(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

export function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** `{"error":"RecordNotFound","description":"Not found"}` and friends. */
export function sendError(reply: FastifyReply, status: number, error: string, description?: string, details?: Record<string, Array<{ description: string; error: string }>>): FastifyReply {
  return reply
    .code(status)
    .type('application/json; charset=utf-8')
    .send({ error, ...(description === undefined ? {} : { description }), ...(details === undefined ? {} : { details }) });
}

/**
 * A body that is not JSON. "Requests" (developer.zendesk.com/api-reference/introduction/requests):
 * "You may get a text/plain response in case of an error like a bad request. You should treat this
 * as an error you need to fix", and, under "400 range", "The content type of the response may be
 * text/plain for API-level error messages … The content type is application/json for
 * business-level error messages". A parse failure is API-level: 400 in plain text.
 * [unconfirmed] The wording; clients branch on the status and content type.
 */
export function sendUnparseableBody(reply: FastifyReply): FastifyReply {
  return reply.code(400).type('text/plain; charset=utf-8').send('Bad Request: the request body is not valid JSON');
}

export function notFound(reply: FastifyReply): FastifyReply {
  return sendError(reply, 404, 'RecordNotFound', 'Not found');
}

/** 422 `RecordInvalid` with per-field `details`. */
export function recordInvalid(reply: FastifyReply, details: Record<string, Array<{ description: string; error: string }>>): FastifyReply {
  return sendError(reply, 422, 'RecordInvalid', 'Record validation errors', details);
}

/** A path parameter as a Zendesk id, or null when it is not one. */
export function numericId(value: string | undefined): number | null {
  return value !== undefined && /^\d{1,16}$/.test(value) ? Number(value) : null;
}

function origin(request: FastifyRequest): string {
  return `${request.protocol}://${request.headers.host ?? request.hostname}`;
}

/** Zendesk's own links carry `.json`. */
function link(request: FastifyRequest, params: Record<string, string>): string {
  const [path] = request.url.split('?') as [string];
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(queryOf(request))) {
    if (key.startsWith('page') || key === 'per_page' || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) query.append(key, item);
  }
  for (const [key, value] of Object.entries(params)) query.set(key, value);
  return `${origin(request)}${path}.json?${query.toString().replace(/%5B/g, '[').replace(/%5D/g, ']')}`;
}

function encodeCursor(position: { id: number; index: number }): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string): { id: number; index: number } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown; index?: unknown };
    return typeof value.id === 'number' && typeof value.index === 'number' ? { id: value.id, index: value.index } : null;
  } catch {
    return null;
  }
}

export interface PageOptions {
  /** Offset page size when `per_page` is absent. Default 100. */
  defaultPerPage?: number;
  /** False for endpoints that only page by offset (search). */
  allowCursor?: boolean;
}

export type PageResult = { ok: true; body: Record<string, unknown>; items: unknown[] } | { ok: false; status: number; body: unknown };

/**
 * One page of `items` (already in the endpoint's order) under `key`: cursor-shaped when
 * `page[size]` is sent (max 100), offset-shaped otherwise (`per_page` max 100, 100 pages at most).
 */
export function paginate<T extends { id: number }>(request: FastifyRequest, items: readonly T[], key: string, options: PageOptions = {}): PageResult {
  const query = queryOf(request);
  const size = single(query['page[size]']);
  if (size !== undefined && options.allowCursor !== false) {
    const pageSize = Number(size);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      // [guess] The cursor framework's error shape for a bad page size.
      return { ok: false, status: 400, body: { errors: [{ code: 'InvalidPaginationParameter', title: 'Invalid pagination parameter', detail: 'page[size] must be an integer between 1 and 100', source: { parameter: 'page[size]' } }] } };
    }
    const find = (cursor: string | undefined, fallback: number) => {
      if (cursor === undefined) return fallback;
      const position = decodeCursor(cursor);
      if (!position) return null;
      const index = items.findIndex((item) => item.id === position.id);
      return index === -1 ? position.index : index;
    };
    const after = find(single(query['page[after]']), -1);
    const before = find(single(query['page[before]']), items.length);
    if (after === null || before === null) return { ok: false, status: 400, body: { error: 'InvalidPaginationParameter', description: 'page cursor is invalid' } };
    const start = single(query['page[before]']) === undefined ? after + 1 : Math.max(0, before - pageSize);
    const end = single(query['page[before]']) === undefined ? Math.min(items.length, start + pageSize) : before;
    const page = items.slice(start, end);
    const first = page[0];
    const last = page.at(-1);
    const hasMore = end < items.length;
    const afterCursor = last ? encodeCursor({ id: last.id, index: end - 1 }) : single(query['page[after]']) ?? null;
    const beforeCursor = first ? encodeCursor({ id: first.id, index: start }) : null;
    return {
      ok: true,
      items: page,
      body: {
        [key]: page,
        meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: beforeCursor },
        links: {
          next: hasMore && afterCursor ? link(request, { 'page[size]': String(pageSize), 'page[after]': afterCursor }) : null,
          prev: start > 0 && beforeCursor ? link(request, { 'page[size]': String(pageSize), 'page[before]': beforeCursor }) : null,
        },
      },
    };
  }
  if (size !== undefined) {
    return { ok: false, status: 400, body: { error: 'InvalidPaginationParameter', description: 'Invalid attribute: page[size] is not supported on this endpoint' } };
  }
  const perPage = Number(single(query.per_page) ?? options.defaultPerPage ?? 100);
  const pageNumber = Number(single(query.page) ?? 1);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100 || !Number.isInteger(pageNumber) || pageNumber < 1) {
    return { ok: false, status: 400, body: { error: 'InvalidPaginationParameter', description: 'per_page must be 1–100 and page a positive integer' } };
  }
  if (pageNumber > 100) {
    return { ok: false, status: 400, body: { error: 'InvalidPaginationParameter', description: 'Offset pagination is limited to the first 100 pages. Use cursor-based pagination instead.' } };
  }
  const start = (pageNumber - 1) * perPage;
  const page = items.slice(start, start + perPage);
  const hasNext = start + perPage < items.length;
  return {
    ok: true,
    items: page,
    body: {
      [key]: page,
      next_page: hasNext ? link(request, { page: String(pageNumber + 1), per_page: String(perPage) }) : null,
      previous_page: pageNumber > 1 ? link(request, { page: String(pageNumber - 1), per_page: String(perPage) }) : null,
      count: items.length,
    },
  };
}

/** Sends a page, or the pagination error. `extend` adds sideloads computed from the page's items. */
export function sendPage<T extends { id: number }>(
  request: FastifyRequest,
  reply: FastifyReply,
  items: readonly T[],
  key: string,
  options: PageOptions & { extend?: (page: T[]) => Record<string, unknown> } = {},
): FastifyReply {
  const result = paginate(request, items, key, options);
  if (!result.ok) return reply.code(result.status).send(result.body);
  return reply.send({ ...result.body, ...options.extend?.(result.items as T[]) });
}

/** Whether `include=` names a sideload. */
export function includes(request: FastifyRequest, name: string): boolean {
  const value = single(queryOf(request).include);
  return value !== undefined && value.split(',').map((part) => part.trim()).includes(name);
}
