import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxState } from './state.js';

/** What the sandbox accepts: the account's API token (with any agent's email) and one OAuth token. */
export interface SandboxCredentials {
  /** The Threadline agent's email; any active agent's email works with the token. */
  email: string;
  apiToken: string;
  oauthToken: string;
}

export const RATE_LIMIT_BODY = 'Number of allowed API requests per minute exceeded';

/** Zendesk's plain-text 429. */
export function sendRateLimited(reply: FastifyReply, retryAfterSeconds: number, limit: number): FastifyReply {
  return reply
    .code(429)
    .header('retry-after', String(retryAfterSeconds))
    .header('x-rate-limit', String(limit))
    .header('x-rate-limit-remaining', '0')
    .type('text/plain; charset=utf-8')
    .send(RATE_LIMIT_BODY);
}

const actors = new WeakMap<FastifyRequest, number>();

/** The authenticated user of a request (set by the auth hook). */
export function actorOf(request: FastifyRequest, state: SandboxState): number {
  return actors.get(request) ?? state.botUserId;
}

function authenticate(request: FastifyRequest, state: SandboxState, credentials: SandboxCredentials): number | null {
  const value = request.headers.authorization;
  if (typeof value !== 'string') return null;
  const [scheme, token] = value.trim().split(/\s+/, 2) as [string, string | undefined];
  if (!token) return null;
  if (scheme.toLowerCase() === 'bearer') return token === credentials.oauthToken ? state.botUserId : null;
  if (scheme.toLowerCase() !== 'basic') return null;
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const separator = decoded.lastIndexOf(':');
  const username = decoded.slice(0, separator);
  const secret = decoded.slice(separator + 1);
  // Only API-token auth: `{email}/token:{token}`. Password auth is off, as on new accounts.
  if (separator < 0 || !username.endsWith('/token') || secret !== credentials.apiToken) return null;
  const email = username.slice(0, -'/token'.length).toLowerCase();
  const user = [...state.users.values()].find((candidate) => candidate.email?.toLowerCase() === email);
  return user && user.role !== 'end-user' && user.active && !user.suspended ? user.id : null;
}

export interface AccessOptions {
  getState: () => SandboxState;
  credentials: SandboxCredentials;
  /** Requests per minute before 429s; null turns the limiter off. */
  rateLimitPerMinute: number | null;
}

const TICKET_LISTS = /^\/api\/v2\/(tickets(\/show_many)?|users\/\d+\/tickets\/\w+|incremental\/tickets(\/cursor)?|search)$/;

/**
 * Authentication and rate limiting for `/api/v2`: 401 `Couldn't authenticate you` for anything
 * but valid credentials (public Help Center reads excepted), a per-minute request budget with
 * `X-Rate-Limit` / `X-Rate-Limit-Remaining` on every response, plus the `ratelimit-*` and
 * `zendesk-ratelimit-tickets-index` headers on ticket lists.
 */
export function installAccess(app: FastifyInstance, options: AccessOptions): void {
  const limit = options.rateLimitPerMinute;
  const shownLimit = limit ?? 700;
  let windowStart = Date.now();
  let used = 0;
  const remaining = () => Math.max(0, shownLimit - used);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v2')) return;
    if (Date.now() - windowStart >= 60_000) {
      windowStart = Date.now();
      used = 0;
    }
    used++;
    if (limit !== null && used > limit) {
      return sendRateLimited(reply, Math.max(1, Math.ceil((windowStart + 60_000 - Date.now()) / 1000)), limit);
    }
    const state = options.getState();
    const actor = authenticate(request, state, options.credentials);
    const isPublicRead = request.method === 'GET' && request.url.startsWith('/api/v2/help_center') && request.headers.authorization === undefined;
    if (actor === null && !isPublicRead) {
      return reply.code(401).type('application/json; charset=utf-8').header('www-authenticate', 'Basic realm="Web Password"').send({ error: "Couldn't authenticate you" });
    }
    if (actor !== null) actors.set(request, actor);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/v2') || reply.statusCode === 429) return payload;
    reply.header('x-rate-limit', String(shownLimit));
    reply.header('x-rate-limit-remaining', String(remaining()));
    const [path] = request.url.split('?') as [string];
    if (TICKET_LISTS.test(path)) {
      const resetSeconds = Math.max(1, Math.ceil((windowStart + 60_000 - Date.now()) / 1000));
      reply.header('ratelimit-limit', '100');
      reply.header('ratelimit-remaining', '99');
      reply.header('ratelimit-reset', String(resetSeconds));
      reply.header('zendesk-ratelimit-tickets-index', `total=100; remaining=99; resets=${resetSeconds}`);
    }
    return payload;
  });
}
