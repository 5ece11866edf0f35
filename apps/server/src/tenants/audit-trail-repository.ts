import type { TenantScope } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';

/** The tables that record who changed a tenant setting: same columns, one per setting. */
export type AuditTrail = 'policy_audit' | 'helpdesk_connection_audit';

/** One entry: who, when, and each field before and after. */
export interface AuditEntry<Change> {
  id: string;
  actor: string;
  at: Date;
  changes: Change[];
}

export async function insertAuditEntry<Change>(tx: Queryable, trail: AuditTrail, scope: TenantScope, input: { actor: string; changes: Change[] }): Promise<void> {
  await tx.query(`insert into ${trail} (tenant_id, actor, changes) values ($1, $2, $3::jsonb)`, [scope.tenantId, input.actor, JSON.stringify(input.changes)]);
}

/** The newest entries first. */
export async function listAuditEntries<Change>(db: Queryable, trail: AuditTrail, scope: TenantScope, options: { limit: number }): Promise<AuditEntry<Change>[]> {
  const { rows } = await db.query<{ id: string; actor: string; created_at: Date; changes: Change[] }>(
    `select id, actor, created_at, changes from ${trail} where tenant_id = $1 order by created_at desc, id limit $2`,
    [scope.tenantId, options.limit],
  );
  return rows.map((row) => ({ id: row.id, actor: row.actor, at: new Date(row.created_at), changes: row.changes }));
}
