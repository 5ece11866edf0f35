import type { Queryable } from '@threadline/platform/db';
import type { TenantScope } from '@threadline/platform';
import type { ConsoleRole } from './roles.js';
import { hashToken, newToken } from './sessions-repository.js';

/** `invite` makes an account; `sign_in` signs an existing account in once (the demo's link). */
export type LinkKind = 'invite' | 'sign_in';

export interface ConsoleInvite {
  id: string;
  kind: LinkKind;
  email: string;
  role: ConsoleRole;
  invitedBy: string;
  createdAt: Date;
  expiresAt: Date;
}

/** How long an invitation stays open: a week, time for a colleague to get to it. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** A one-time sign-in link is for now, not for later. */
export const SIGN_IN_LINK_TTL_MS = 24 * 60 * 60 * 1000;

interface InviteRow {
  id: string;
  tenant_id: string;
  kind: LinkKind;
  email: string;
  role: ConsoleRole;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
}

const toInvite = (row: InviteRow): ConsoleInvite => ({
  id: row.id,
  kind: row.kind,
  email: row.email,
  role: row.role,
  invitedBy: row.invited_by,
  createdAt: new Date(row.created_at),
  expiresAt: new Date(row.expires_at),
});
const COLUMNS = 'id, tenant_id, kind, email, role, invited_by, created_at, expires_at';

/** Stores a link; the token is returned once and only its hash is kept. */
export async function createLink(
  db: Queryable,
  scope: TenantScope,
  input: { kind: LinkKind; email: string; role: ConsoleRole; invitedBy: string; now?: Date },
): Promise<{ invite: ConsoleInvite; token: string }> {
  const token = newToken();
  const now = input.now ?? new Date();
  const ttl = input.kind === 'invite' ? INVITE_TTL_MS : SIGN_IN_LINK_TTL_MS;
  const { rows } = await db.query<InviteRow>(
    `insert into console_invites (tenant_id, kind, email, role, token_hash, invited_by, expires_at) values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
    [scope.tenantId, input.kind, input.email, input.role, hashToken(token), input.invitedBy, new Date(now.getTime() + ttl)],
  );
  return { invite: toInvite(rows[0] as InviteRow), token };
}

/** Open invitations (not used, not expired) of a tenant, newest first. */
export async function listOpenInvites(db: Queryable, scope: TenantScope, now: Date = new Date()): Promise<ConsoleInvite[]> {
  const { rows } = await db.query<InviteRow>(`select ${COLUMNS} from console_invites where tenant_id = $1 and kind = 'invite' and used_at is null and expires_at > $2 order by created_at desc`, [
    scope.tenantId,
    now,
  ]);
  return rows.map(toInvite);
}

/** The open link a token names, with its tenant (the token alone decides the tenant). */
export async function findOpenLink(db: Queryable, token: string, now: Date = new Date()): Promise<(ConsoleInvite & { tenantId: string }) | null> {
  const { rows } = await db.query<InviteRow>(`select ${COLUMNS} from console_invites where token_hash = $1 and used_at is null and expires_at > $2`, [hashToken(token), now]);
  const row = rows[0];
  return row ? { ...toInvite(row), tenantId: row.tenant_id } : null;
}

/** Marks a link used; false when another request used it first (single use under concurrency). */
export async function markLinkUsed(tx: Queryable, scope: TenantScope, id: string): Promise<boolean> {
  const { rows } = await tx.query(`update console_invites set used_at = now() where tenant_id = $1 and id = $2 and used_at is null returning id`, [scope.tenantId, id]);
  return rows.length > 0;
}

export async function revokeInvite(db: Queryable, scope: TenantScope, id: string): Promise<boolean> {
  const { rows } = await db.query(`delete from console_invites where tenant_id = $1 and id = $2 and kind = 'invite' and used_at is null returning id`, [scope.tenantId, id]);
  return rows.length > 0;
}
