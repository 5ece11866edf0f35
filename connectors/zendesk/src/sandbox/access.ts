import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendRateLimited, type ZendeskRateLimits } from './rate-limits.js';
import type { SandboxState } from './state.js';

/** What the sandbox accepts: the account's API token (with any agent's email) and one OAuth token. */
export interface SandboxCredentials {
  /** The Threadline agent's email; any active agent's email works with the token. */
  email: string;
  apiToken: string;
  oauthToken: string;
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
  limits: ZendeskRateLimits;
}

/**
 * Authentication and rate limiting for `/api/v2`: 401 `Couldn't authenticate you` for anything
 * but valid credentials (public Help Center reads excepted), the account's per-minute budget and
 * the endpoint budgets (see `rate-limits.ts`), each with its headers counting down on every answer
 * and 429 + `Retry-After` once spent.
 */
export function installAccess(app: FastifyInstance, options: AccessOptions): void {
  const { limits } = options;
  const spentBy = new WeakMap<FastifyRequest, ReturnType<ZendeskRateLimits['takeEndpoints']>>();
  const pathOf = (request: FastifyRequest) => (request.url.split('?') as [string])[0];

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v2')) return;
    const path = pathOf(request);
    const account = limits.takeAccount(path);
    if (!account.allowed) return sendRateLimited(reply, account.resetSeconds, limits.accountLimit);
    const state = options.getState();
    const actor = authenticate(request, state, options.credentials);
    const isPublicRead = request.method === 'GET' && request.url.startsWith('/api/v2/help_center') && request.headers.authorization === undefined;
    if (actor === null && !isPublicRead) {
      return reply.code(401).type('application/json; charset=utf-8').header('www-authenticate', 'Basic realm="Web Password"').send({ error: "Couldn't authenticate you" });
    }
    if (actor !== null) actors.set(request, actor);
    const spent = limits.takeEndpoints(request.method, path, actor);
    spentBy.set(request, spent);
    const refused = spent.find((spend) => !spend.state.allowed);
    if (refused) {
      reply.headers(limits.headers(path, spent));
      return sendRateLimited(reply, refused.state.resetSeconds, limits.accountLimit);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/v2') || reply.statusCode === 429) return payload;
    reply.headers(limits.headers(pathOf(request), spentBy.get(request) ?? []));
    return payload;
  });
}
