import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@threadline/platform/db';
import type { TenantScope } from '@threadline/platform';
import type { ConsoleRole } from './roles.js';
import { SESSION_TTL_MS } from './session-cookie.js';
import type { Tenant } from '../tenants/tenants-repository.js';

/** Tokens are stored only as their SHA-256: 256 random bits need no slow hash to resist guessing. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export interface ConsoleSession {
  id: string;
  tenant: Tenant;
  userId: string;
  email: string;
  name: string | null;
  role: ConsoleRole;
  csrfToken: string;
  expiresAt: Date;
}

/** Starts a session; the token goes into the cookie and is never stored. */
export async function createSession(db: Queryable, scope: TenantScope, userId: string, now: Date = new Date()): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  // The account's ended sessions go as a new one starts, so the table holds live sessions only.
  await db.query(`delete from console_sessions where tenant_id = $1 and user_id = $2 and expires_at <= $3`, [scope.tenantId, userId, now]);
  await db.query(`insert into console_sessions (tenant_id, user_id, token_hash, csrf_token, expires_at) values ($1, $2, $3, $4, $5)`, [scope.tenantId, userId, hashToken(token), csrfToken, expiresAt]);
  return { token, csrfToken, expiresAt };
}

/** The live session a cookie's token names, with its account as it is now (a role change applies at once). */
export async function findSession(db: Queryable, token: string, now: Date = new Date()): Promise<ConsoleSession | null> {
  const { rows } = await db.query<{ id: string; tenant_id: string; slug: string; tenant_name: string; user_id: string; email: string; name: string | null; role: ConsoleRole; csrf_token: string; expires_at: Date }>(
    `select s.id, s.tenant_id, t.slug, t.name as tenant_name, s.user_id, u.email, u.name, u.role, s.csrf_token, s.expires_at
       from console_sessions s
       join console_users u on u.id = s.user_id and u.tenant_id = s.tenant_id
       join tenants t on t.id = s.tenant_id
      where s.token_hash = $1 and s.expires_at > $2`,
    [hashToken(token), now],
  );
  const row = rows[0];
  if (!row) return null;
  return { id: row.id, tenant: { id: row.tenant_id, slug: row.slug, name: row.tenant_name }, userId: row.user_id, email: row.email, name: row.name, role: row.role, csrfToken: row.csrf_token, expiresAt: new Date(row.expires_at) };
}

export async function deleteSession(db: Queryable, token: string): Promise<void> {
  await db.query(`delete from console_sessions where token_hash = $1`, [hashToken(token)]);
}

/** Ends every session of an account (removed, or its role lowered is not enough: removal only). */
export async function deleteUserSessions(db: Queryable, scope: TenantScope, userId: string): Promise<void> {
  await db.query(`delete from console_sessions where tenant_id = $1 and user_id = $2`, [scope.tenantId, userId]);
}
