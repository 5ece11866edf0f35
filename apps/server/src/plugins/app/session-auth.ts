import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { accountError } from '../../accounts/account-errors.js';
import { isWrite, type Principal } from '../../accounts/roles.js';
import { SESSION_COOKIE, readCookie } from '../../accounts/session-cookie.js';
import { findSession, type ConsoleSession } from '../../accounts/sessions-repository.js';
import type { Tenant } from '../../tenants/tenants-repository.js';

/** The header the console sends its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** The session token a request's cookie carries, if any. */
export const sessionTokenOf = (request: FastifyRequest) => readCookie(request.headers.cookie, SESSION_COOKIE);

/**
 * Whether a request's Origin header, when it has one, is this server as the browser reached it
 * (scheme and Host, default ports dropped as browsers drop them). `Origin: null` is never ours.
 */
function isOwnOrigin(request: FastifyRequest, origin: string): boolean {
  try {
    return new URL(origin).origin === new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return false;
  }
}

/**
 * CSRF protection for writes authenticated by the cookie, in two layers:
 * - a synchronizer token: the session's own random token, handed to the console's script with the
 *   session and sent back in `X-CSRF-Token`. Another site can make a browser send the cookie but
 *   cannot read the token, and cannot set a custom header cross-origin without a CORS preflight,
 *   which this server never grants. (Chosen over double-submit cookies because the token lives with
 *   the session row, so a sibling subdomain that can plant cookies cannot forge a pair.)
 * - an Origin check: a browser names the page's origin on every write; another origin is refused
 *   even if the token leaked. Requests without Origin (non-browser clients) rely on the token.
 * SameSite=Strict on the cookie is a third layer for browsers that honour it.
 */
export function checkCsrf(request: FastifyRequest, session: Pick<ConsoleSession, 'csrfToken'>): void {
  const origin = request.headers.origin;
  if (origin !== undefined && !isOwnOrigin(request, origin)) {
    throw accountError('SERVER_AUTH_CSRF_FAILED', { message: `A write from another origin (${origin}) is refused`, details: { origin } });
  }
  const sent = request.headers[CSRF_HEADER];
  const token = typeof sent === 'string' ? Buffer.from(sent) : Buffer.alloc(0);
  const expected = Buffer.from(session.csrfToken);
  if (token.length !== expected.length || !timingSafeEqual(token, expected)) throw accountError('SERVER_AUTH_CSRF_FAILED');
}

/** Refuses a sign-in posted from another site's page (login CSRF: signing a victim into the attacker's account). */
export function checkSameOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && !isOwnOrigin(request, origin)) {
    throw accountError('SERVER_AUTH_CSRF_FAILED', { message: `A sign-in from another origin (${origin}) is refused`, details: { origin } });
  }
}

/**
 * Authenticates by the console session cookie: the session's tenant becomes the request's tenant
 * (a session never reaches another tenant), and writes must pass the CSRF check.
 */
export async function authenticateSession(request: FastifyRequest, token: string): Promise<{ tenant: Tenant; principal: Principal }> {
  const session = await findSession(request.server.db, token);
  if (!session) throw accountError('SERVER_AUTH_SESSION_EXPIRED');
  if (isWrite(request)) checkCsrf(request, session);
  return { tenant: session.tenant, principal: { kind: 'session', userId: session.userId, email: session.email, role: session.role, sessionId: session.id } };
}
