import { randomBytes } from 'node:crypto';
import type { Db } from '@threadline/platform/db';
import { tenantScope, type TenantScope } from '@threadline/platform';
import { findTenantBySlug, type Tenant } from '../tenants/tenants-repository.js';
import { accountError } from './account-errors.js';
import { countOtherOwners, deleteUser, findUserForSignIn, insertUser, listUsers, setUserRole, type ConsoleUser } from './console-users-repository.js';
import { createLink, findOpenLink, listOpenInvites, markLinkUsed, revokeInvite, type ConsoleInvite } from './invites-repository.js';
import { checkLoginAllowed, clearAccountFailures, loginKeys, recordLoginFailure } from './login-limiter.js';
import { checkPasswordStrength, decoyHash, hashPassword, verifyPassword } from './password.js';
import type { ConsoleRole } from './roles.js';
import { createSession, deleteUserSessions } from './sessions-repository.js';

/** A session just started: the cookie's token, the CSRF token for the console, and who it is. */
export interface StartedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  tenant: Tenant;
  user: ConsoleUser;
}

/** Where the console opens a link's token: the fragment never reaches a server log or a Referer. */
export const linkPath = (kind: 'invite' | 'sign_in', token: string) => `/${kind === 'invite' ? 'invite' : 'sign-in/link'}#token=${token}`;

/**
 * Signs in with workspace (tenant slug), email and password. Rate limits come first, so a locked
 * account costs no hashing; an unknown workspace or email is refused after hashing a decoy, in the
 * same time and with the same words as a wrong password.
 */
export async function signIn(db: Db, input: { workspace: string; email: string; password: string; ip: string; now?: Date }): Promise<StartedSession> {
  const now = input.now ?? new Date();
  const tenant = await findTenantBySlug(db, input.workspace.trim().toLowerCase());
  const keys = loginKeys({ workspace: input.workspace.trim(), email: input.email, ip: input.ip, tenantId: tenant?.id ?? null });
  await checkLoginAllowed(db, keys, now);
  const scope = tenant ? tenantScope(tenant.id) : null;
  const user = scope ? await findUserForSignIn(db, scope, input.email.trim()) : null;
  const isValid = await verifyPassword(input.password, user?.passwordHash ?? (await decoyHash()));
  if (!tenant || !scope || !user || !isValid) {
    await recordLoginFailure(db, keys, now);
    throw accountError('SERVER_AUTH_INVALID_CREDENTIALS');
  }
  await clearAccountFailures(db, keys);
  const session = await createSession(db, scope, user.id, now);
  const { passwordHash: _hash, ...account } = user;
  return { ...session, tenant, user: account };
}

/**
 * Opens an invitation or a one-time sign-in link: an invitation makes the account (with the
 * password chosen now), a sign-in link signs its existing account in. Either way the link is used
 * up in the same transaction, so a second use fails even when both arrive at once.
 */
export async function openLink(db: Db, input: { token: string; password?: string; name?: string; now?: Date }): Promise<StartedSession> {
  const link = await findOpenLink(db, input.token, input.now);
  if (!link) throw accountError('SERVER_AUTH_LINK_INVALID');
  if (link.kind === 'invite') {
    if (input.password === undefined) throw accountError('SERVER_AUTH_WEAK_PASSWORD', { message: 'Choose a password (at least 12 characters) to accept the invitation' });
    checkPasswordStrength(input.password);
  }
  const passwordHash = link.kind === 'invite' ? await hashPassword(input.password as string) : null;
  const scope = tenantScope(link.tenantId);
  const started = await db.transaction(async (tx) => {
    if (!(await markLinkUsed(tx, scope, link.id))) throw accountError('SERVER_AUTH_LINK_INVALID');
    const existing = await findUserForSignIn(tx, scope, link.email);
    let user: ConsoleUser;
    if (link.kind === 'sign_in') {
      if (!existing) throw accountError('SERVER_AUTH_LINK_INVALID', { message: 'The account this link signs in to no longer exists' });
      const { passwordHash: _hash, ...account } = existing;
      user = account;
    } else {
      if (existing) throw accountError('SERVER_PEOPLE_EXISTS', { message: `${link.email} is a member already; sign in instead` });
      user = await insertUser(tx, scope, { email: link.email, name: input.name?.trim() || null, role: link.role, passwordHash: passwordHash as string });
    }
    const session = await createSession(tx, scope, user.id, input.now);
    return { ...session, user };
  });
  const { rows } = await db.query<Tenant>(`select id, slug, name from tenants where id = $1`, [link.tenantId]);
  return { ...started, tenant: rows[0] as Tenant };
}

/** What a link is for, shown before it is used (the invitation page names the workspace and role). */
export async function describeLink(db: Db, token: string): Promise<{ kind: 'invite' | 'sign_in'; email: string; role: ConsoleRole; workspace: string; expiresAt: Date }> {
  const link = await findOpenLink(db, token);
  if (!link) throw accountError('SERVER_AUTH_LINK_INVALID');
  const { rows } = await db.query<{ slug: string }>(`select slug from tenants where id = $1`, [link.tenantId]);
  return { kind: link.kind, email: link.email, role: link.role, workspace: rows[0]?.slug ?? '', expiresAt: link.expiresAt };
}

/** Invites someone to the workspace; the token is in the returned path, shown once. */
export async function invitePerson(db: Db, scope: TenantScope, input: { email: string; role: ConsoleRole; invitedBy: string }): Promise<{ invite: ConsoleInvite; path: string }> {
  const email = input.email.trim();
  if (await findUserForSignIn(db, scope, email)) throw accountError('SERVER_PEOPLE_EXISTS');
  const { invite, token } = await createLink(db, scope, { kind: 'invite', email, role: input.role, invitedBy: input.invitedBy });
  return { invite, path: linkPath('invite', token) };
}

export async function listPeople(db: Db, scope: TenantScope): Promise<{ members: ConsoleUser[]; invites: ConsoleInvite[] }> {
  const [members, invites] = await Promise.all([listUsers(db, scope), listOpenInvites(db, scope)]);
  return { members, invites };
}

/** Changes a member's role; the last owner cannot stop being one. */
export async function changeRole(db: Db, scope: TenantScope, userId: string, role: ConsoleRole): Promise<ConsoleUser> {
  return db.transaction(async (tx) => {
    if (role !== 'owner' && (await countOtherOwners(tx, scope, userId)) === 0) {
      const { rows } = await tx.query<{ role: string }>(`select role from console_users where tenant_id = $1 and id = $2`, [scope.tenantId, userId]);
      if (rows[0]?.role === 'owner') throw accountError('SERVER_PEOPLE_LAST_OWNER');
    }
    const user = await setUserRole(tx, scope, userId, role);
    if (!user) throw accountError('SERVER_PEOPLE_NOT_FOUND');
    return user;
  });
}

/** Removes a member and ends their sessions at once; the last owner stays. */
export async function removePerson(db: Db, scope: TenantScope, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ role: string }>(`select role from console_users where tenant_id = $1 and id = $2`, [scope.tenantId, userId]);
    if (!rows[0]) throw accountError('SERVER_PEOPLE_NOT_FOUND');
    if (rows[0].role === 'owner' && (await countOtherOwners(tx, scope, userId)) === 0) throw accountError('SERVER_PEOPLE_LAST_OWNER');
    await deleteUserSessions(tx, scope, userId);
    await deleteUser(tx, scope, userId);
  });
}

export async function cancelInvite(db: Db, scope: TenantScope, inviteId: string): Promise<void> {
  if (!(await revokeInvite(db, scope, inviteId))) throw accountError('SERVER_PEOPLE_NOT_FOUND');
}

/**
 * A one-time link that signs in as the workspace's owner, creating the owner account (with a
 * random password nobody knows; a password reset is by a new link) when there is none: the demo's
 * way in that works at once.
 */
export async function ownerSignInLink(db: Db, scope: TenantScope, input: { email: string; invitedBy: string }): Promise<string> {
  if (!(await findUserForSignIn(db, scope, input.email))) {
    await insertUser(db, scope, { email: input.email, name: null, role: 'owner', passwordHash: await hashPassword(randomBytes(24).toString('base64url')) });
  }
  const { token } = await createLink(db, scope, { kind: 'sign_in', email: input.email, role: 'owner', invitedBy: input.invitedBy });
  return linkPath('sign_in', token);
}
