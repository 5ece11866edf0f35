import type { FastifyReply, FastifyRequest } from 'fastify';
import { decodeJwt, jwtVerify, errors as joseErrors } from 'jose';
import { tenantScope, type TenantScope } from '@threadline/platform';
import { findTenantByApiKey, findTenantBySlug, getHelpdeskConnection, type Tenant } from '../../tenants/tenants-repository.js';
import { ServerError } from '../../errors.js';
import { checkWriteAllowed, type Principal } from '../../accounts/roles.js';
import { authenticateSession, sessionTokenOf } from './session-auth.js';

/** The helpdesk agent a sidebar token speaks for. */
export interface SidebarAgent {
  id: string;
  name: string | null;
  email: string | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant the credentials belong to; set by the authenticated contexts only. */
    tenant: Tenant | null;
    /** Set when a helpdesk app's signed token authenticated the request. */
    agent: SidebarAgent | null;
    /** Who the credentials speak for: the API key, a console account (with its role) or a helpdesk agent. */
    principal: Principal | null;
  }
}

/** Audience every sidebar token must name, so a token minted for something else is not accepted here. */
export const SIDEBAR_AUDIENCE = 'threadline';
/** What a tenant slug looks like (as the webhook URLs and `tenant create` accept it). */
const TENANT_SLUG = /^[a-z0-9][a-z0-9-]{1,62}$/;
/** Tokens older than this are refused even if their `exp` says otherwise. */
const MAX_TOKEN_AGE = '1h';

const unauthorized = (message: string) => new ServerError('SERVER_UNAUTHORIZED', message);

async function authenticateSidebarToken(request: FastifyRequest, token: string): Promise<void> {
  let issuer: unknown;
  try {
    issuer = decodeJwt(token).iss;
  } catch {
    throw unauthorized('The token is not a JWT');
  }
  // The claims are not verified yet: only a tenant slug is worth looking up.
  if (typeof issuer !== 'string' || !TENANT_SLUG.test(issuer)) throw unauthorized('The token\'s "iss" claim must be the tenant slug');
  // The issuer names the tenant; its secret then decides whether the token is genuine.
  const tenant = await findTenantBySlug(request.server.db, issuer);
  const connection = tenant ? await getHelpdeskConnection(request.server.db, request.server.secrets, tenant.id) : null;
  if (!tenant || !connection) throw unauthorized('The token names no known tenant');
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(connection.sidebarSecret), {
      algorithms: ['HS256'],
      issuer: tenant.slug,
      audience: SIDEBAR_AUDIENCE,
      maxTokenAge: MAX_TOKEN_AGE,
      requiredClaims: ['sub', 'iat', 'exp'],
    });
    request.tenant = tenant;
    if (typeof payload.sub !== 'string' || payload.sub.length === 0 || payload.sub.length > 200) throw unauthorized('The token\'s "sub" claim must name the agent');
    request.principal = { kind: 'sidebar', agentId: payload.sub };
    request.agent = {
      id: payload.sub,
      name: typeof payload.name === 'string' ? payload.name : null,
      email: typeof payload.email === 'string' ? payload.email : null,
    };
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthorized('The token has expired; the app signs a fresh one with each request');
    throw unauthorized('The token signature or claims are not valid for this tenant');
  }
}

/**
 * onRequest hook for the tenant API. Two credentials decide the tenant, never the URL or query:
 * - `Authorization: Bearer tl_…`: a tenant API key (integrations, admin tools, the CLI);
 * - `Authorization: Bearer <JWT>`: a helpdesk app's token, HS256-signed with the tenant's sidebar
 *   secret, `iss` = tenant slug, `aud` = "threadline", `sub` = the agent.
 * Registered inside the authenticated route plugins only; public routes live outside them.
 */
export async function authenticateTenant(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  await identify(request);
  // The one role check: every authenticated route passes here, so a viewer's write never reaches a handler.
  if (request.principal) checkWriteAllowed(request, request.principal);
}

async function identify(request: FastifyRequest): Promise<void> {
  const header = request.headers.authorization;
  if (!header) {
    // The admin console's browser session (cookie); machines keep using the Authorization header.
    const sessionToken = sessionTokenOf(request);
    if (!sessionToken) throw unauthorized('Send "Authorization: Bearer <API key or sidebar token>", or sign in to the console');
    const { tenant, principal } = await authenticateSession(request, sessionToken);
    request.tenant = tenant;
    request.principal = principal;
    return;
  }
  const match = /^Bearer\s+(\S+)$/.exec(header);
  const credential = match?.[1];
  if (!credential) throw unauthorized('The Authorization header must be "Bearer <API key or sidebar token>"');
  if (credential.startsWith('tl_')) {
    const tenant = await findTenantByApiKey(request.server.db, credential);
    if (!tenant) throw unauthorized('Unknown API key; create one with "threadline tenant create" or ask your admin');
    request.tenant = tenant;
    request.principal = { kind: 'api_key' };
    return;
  }
  await authenticateSidebarToken(request, credential);
}

/**
 * The tenant scope of an authenticated request: the only way a handler names the tenant to a
 * repository, so nothing in the query, body, params or headers can choose it.
 */
export function scopeOf(request: FastifyRequest): TenantScope {
  return tenantScope(tenantOf(request).id);
}

/** The authenticated tenant (for handlers behind `authenticateTenant`). */
export function tenantOf(request: FastifyRequest): Tenant {
  if (!request.tenant) throw unauthorized('Not authenticated');
  return request.tenant;
}
