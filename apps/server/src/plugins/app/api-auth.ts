import type { FastifyReply, FastifyRequest } from 'fastify';
import { ThreadlineError } from '@threadline/platform';
import { findTenantByApiKey, type Tenant } from '../../tenants/tenants-repository.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The tenant the credentials belong to; set by the authenticated contexts only. */
    tenant: Tenant | null;
  }
}

const unauthorized = (message: string) => new ThreadlineError({ code: 'UNAUTHORIZED', category: 'user', status: 401, message });

/**
 * onRequest hook for the tenant API: `Authorization: Bearer tl_…` (a tenant API key) decides the
 * tenant. Registered inside the authenticated route plugins only; public routes live outside them.
 */
export async function authenticateApiKey(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const header = request.headers.authorization;
  if (!header) throw unauthorized('Send the tenant API key as "Authorization: Bearer <key>"');
  const match = /^Bearer\s+(tl_[A-Za-z0-9_-]{16,})$/.exec(header);
  if (!match?.[1]) throw unauthorized('The Authorization header is not a Threadline API key ("Bearer tl_…")');
  const tenant = await findTenantByApiKey(request.server.db, match[1]);
  if (!tenant) throw unauthorized('Unknown API key; create one with "threadline tenant create" or ask your admin');
  request.tenant = tenant;
}

/** The authenticated tenant (for handlers behind `authenticateApiKey`). */
export function tenantOf(request: FastifyRequest): Tenant {
  if (!request.tenant) throw unauthorized('Not authenticated');
  return request.tenant;
}
