import type { Queryable } from '@threadline/platform/db';
import type { TenantScope } from '@threadline/platform';
import type { ConsoleRole } from './roles.js';

export interface ConsoleUser {
  id: string;
  email: string;
  name: string | null;
  role: ConsoleRole;
  createdAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  role: ConsoleRole;
  created_at: Date;
}

const toUser = (row: UserRow): ConsoleUser => ({ id: row.id, email: row.email, name: row.name, role: row.role, createdAt: new Date(row.created_at) });
const COLUMNS = 'id, email, name, role, created_at';

export async function listUsers(db: Queryable, scope: TenantScope): Promise<ConsoleUser[]> {
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from console_users where tenant_id = $1 order by created_at, email`, [scope.tenantId]);
  return rows.map(toUser);
}

/** The account and its password hash, for sign-in only. */
export async function findUserForSignIn(db: Queryable, scope: TenantScope, email: string): Promise<(ConsoleUser & { passwordHash: string }) | null> {
  const { rows } = await db.query<UserRow & { password_hash: string }>(`select ${COLUMNS}, password_hash from console_users where tenant_id = $1 and lower(email) = lower($2)`, [scope.tenantId, email]);
  const row = rows[0];
  return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
}

export async function insertUser(db: Queryable, scope: TenantScope, input: { email: string; name: string | null; role: ConsoleRole; passwordHash: string }): Promise<ConsoleUser> {
  const { rows } = await db.query<UserRow>(
    `insert into console_users (tenant_id, email, name, role, password_hash) values ($1, $2, $3, $4, $5) returning ${COLUMNS}`,
    [scope.tenantId, input.email, input.name, input.role, input.passwordHash],
  );
  return toUser(rows[0] as UserRow);
}

export async function setUserRole(db: Queryable, scope: TenantScope, userId: string, role: ConsoleRole): Promise<ConsoleUser | null> {
  const { rows } = await db.query<UserRow>(`update console_users set role = $3 where tenant_id = $1 and id = $2 returning ${COLUMNS}`, [scope.tenantId, userId, role]);
  return rows[0] ? toUser(rows[0]) : null;
}

export async function deleteUser(db: Queryable, scope: TenantScope, userId: string): Promise<boolean> {
  const { rows } = await db.query(`delete from console_users where tenant_id = $1 and id = $2 returning id`, [scope.tenantId, userId]);
  return rows.length > 0;
}

/** Owners other than `exceptUserId`, counted under a row lock so two demotions cannot both pass. */
export async function countOtherOwners(tx: Queryable, scope: TenantScope, exceptUserId: string): Promise<number> {
  const { rows } = await tx.query<{ id: string }>(`select id from console_users where tenant_id = $1 and role = 'owner' and id <> $2 for update`, [scope.tenantId, exceptUserId]);
  return rows.length;
}
