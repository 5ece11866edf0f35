import type { Queryable } from '@threadline/platform/db';
import type { TenantScope } from '@threadline/platform';

/** One field of the policy that changed, by its dotted path (`channels.chat.mode`). */
export interface PolicyFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface PolicyAuditRecord {
  id: string;
  actor: string;
  at: Date;
  changes: PolicyFieldChange[];
}

export async function insertPolicyAudit(tx: Queryable, scope: TenantScope, input: { actor: string; changes: PolicyFieldChange[] }): Promise<void> {
  await tx.query(`insert into policy_audit (tenant_id, actor, changes) values ($1, $2, $3::jsonb)`, [scope.tenantId, input.actor, JSON.stringify(input.changes)]);
}

/** The newest changes first. */
export async function listPolicyAudit(db: Queryable, scope: TenantScope, options: { limit: number }): Promise<PolicyAuditRecord[]> {
  const { rows } = await db.query<{ id: string; actor: string; created_at: Date; changes: PolicyFieldChange[] }>(
    `select id, actor, created_at, changes from policy_audit where tenant_id = $1 order by created_at desc, id limit $2`,
    [scope.tenantId, options.limit],
  );
  return rows.map((row) => ({ id: row.id, actor: row.actor, at: new Date(row.created_at), changes: row.changes }));
}
