import type { Queryable } from '@threadline/platform/db';
import type { TenantScope } from '@threadline/platform';
import { insertAuditEntry, listAuditEntries, type AuditEntry } from '../tenants/audit-trail-repository.js';

/** One field of the policy that changed, by its dotted path (`channels.chat.mode`). */
export interface PolicyFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export type PolicyAuditRecord = AuditEntry<PolicyFieldChange>;

export async function insertPolicyAudit(tx: Queryable, scope: TenantScope, input: { actor: string; changes: PolicyFieldChange[] }): Promise<void> {
  await insertAuditEntry(tx, 'policy_audit', scope, input);
}

/** The newest changes first. */
export async function listPolicyAudit(db: Queryable, scope: TenantScope, options: { limit: number }): Promise<PolicyAuditRecord[]> {
  return listAuditEntries<PolicyFieldChange>(db, 'policy_audit', scope, options);
}
