import type { FastifyRequest } from 'fastify';
import { accountError } from './account-errors.js';

/** What a console account may do: owners also manage people; viewers only read. */
export type ConsoleRole = 'owner' | 'admin' | 'viewer';
export const CONSOLE_ROLES: readonly ConsoleRole[] = ['owner', 'admin', 'viewer'];

/**
 * Who a request speaks for. A tenant API key is the machine credential (CLI, integrations) and may
 * do what an owner may; a sidebar token is a helpdesk agent, who may use the sidebar's writes but
 * not change the tenant's settings or people.
 */
export type Principal =
  | { kind: 'api_key' }
  | { kind: 'session'; userId: string; email: string; role: ConsoleRole; sessionId: string }
  | { kind: 'sidebar'; agentId: string };

const RANK: Record<ConsoleRole, number> = { viewer: 0, admin: 1, owner: 2 };

/** Methods that change nothing. A POST that only reads (the search playground) says so in its route config. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST that changes nothing (a search): open to viewers. */
    isReadOnly?: boolean;
  }
}

export function isWrite(request: FastifyRequest): boolean {
  return !READ_METHODS.has(request.method) && request.routeOptions.config?.isReadOnly !== true;
}

/**
 * The one role check every authenticated request passes: a viewer may read everything of its
 * tenant and write nothing. Called by the tenant authentication hook, so no route can forget it.
 */
export function checkWriteAllowed(request: FastifyRequest, principal: Principal): void {
  if (principal.kind === 'session' && principal.role === 'viewer' && isWrite(request)) {
    throw accountError('SERVER_AUTH_ROLE_FORBIDDEN', { message: 'Viewers can read but not change anything; ask an owner for the admin role', details: { role: 'viewer', needs: 'admin' } });
  }
}

/**
 * For writes that need more than the default: tenant settings (`admin`) and people (`owner`).
 * A helpdesk agent's sidebar token never qualifies.
 */
export function requireRole(principal: Principal | null, needed: Exclude<ConsoleRole, 'viewer'>): void {
  if (!principal || principal.kind === 'api_key') return;
  if (principal.kind === 'sidebar') {
    throw accountError('SERVER_AUTH_ROLE_FORBIDDEN', { message: `A helpdesk agent's token cannot do this; it needs a console ${needed} or the tenant API key`, details: { needs: needed } });
  }
  if (RANK[principal.role] < RANK[needed]) {
    throw accountError('SERVER_AUTH_ROLE_FORBIDDEN', { message: `This needs the ${needed} role; yours is ${principal.role}`, details: { role: principal.role, needs: needed } });
  }
}

/** How a principal is named in audit trails. */
export function actorOf(principal: Principal | null): string {
  if (!principal) return 'unknown';
  if (principal.kind === 'session') return principal.email;
  if (principal.kind === 'sidebar') return `agent:${principal.agentId}`;
  return 'api-key';
}
