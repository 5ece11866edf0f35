import type { Queryable } from '@threadline/platform/db';
import { accountError } from './account-errors.js';

/**
 * Failed sign-ins allowed per window: few per account (a password guessed slowly is still
 * guessed), more per client address (an office behind one NAT shares it).
 */
export const LOGIN_LIMITS = { windowMs: 15 * 60 * 1000, perAccount: 5, perAddress: 30 } as const;

export interface LoginKeys {
  /** `account:<workspace>:<email>`, lower-cased; the workspace is the slug as typed, known or not. */
  account: string;
  address: string;
  tenantId: string | null;
}

export function loginKeys(input: { workspace: string; email: string; ip: string; tenantId: string | null }): LoginKeys {
  return { account: `account:${input.workspace.toLowerCase()}:${input.email.trim().toLowerCase()}`, address: `ip:${input.ip}`, tenantId: input.tenantId };
}

/**
 * Refuses a sign-in before the password is even hashed when the account or the address has used
 * up its failures in the window: 429 AUTH_RATE_LIMITED, with the wait until the oldest failure
 * leaves the window (the edge turns it into Retry-After).
 */
export async function checkLoginAllowed(db: Queryable, keys: LoginKeys, now: Date = new Date()): Promise<void> {
  const since = new Date(now.getTime() - LOGIN_LIMITS.windowMs);
  const { rows } = await db.query<{ limit_key: string; failures: number; oldest: Date }>(
    `select limit_key, count(*)::int as failures, min(failed_at) as oldest from console_login_failures
      where limit_key = any($1::text[]) and failed_at > $2 group by limit_key`,
    [[keys.account, keys.address], since],
  );
  for (const row of rows) {
    const isAccount = row.limit_key === keys.account;
    const limit = isAccount ? LOGIN_LIMITS.perAccount : LOGIN_LIMITS.perAddress;
    if (row.failures < limit) continue;
    const retryAfterMs = Math.max(1000, new Date(row.oldest).getTime() + LOGIN_LIMITS.windowMs - now.getTime());
    throw accountError('SERVER_AUTH_RATE_LIMITED', {
      message: `Too many failed sign-ins ${isAccount ? 'for this account' : 'from this address'}: ${limit} in ${LOGIN_LIMITS.windowMs / 60_000} minutes. Try again in ${Math.ceil(retryAfterMs / 60_000)} minute(s)`,
      details: { retryAfterMs, scope: isAccount ? 'account' : 'address' },
    });
  }
}

export async function recordLoginFailure(db: Queryable, keys: LoginKeys, now: Date = new Date()): Promise<void> {
  await db.query(`insert into console_login_failures (tenant_id, limit_key, failed_at) values ($1, $2, $4), (null, $3, $4)`, [keys.tenantId, keys.account, keys.address, now]);
  // Old rows are no use to any window: drop them as new ones come.
  await db.query(`delete from console_login_failures where failed_at < $1`, [new Date(now.getTime() - LOGIN_LIMITS.windowMs)]);
}

/** A successful sign-in forgives the account's failures (not the address's). */
export async function clearAccountFailures(db: Queryable, keys: LoginKeys): Promise<void> {
  await db.query(`delete from console_login_failures where limit_key = $1`, [keys.account]);
}
