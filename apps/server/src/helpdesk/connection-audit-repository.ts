import type { TenantScope } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';
import { insertAuditEntry, listAuditEntries, type AuditEntry } from '../tenants/audit-trail-repository.js';

/** One field of the connection that changed. Secrets appear as `set` / `changed`, never their value. */
export interface ConnectionFieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

export type ConnectionAuditRecord = AuditEntry<ConnectionFieldChange>;

export async function insertConnectionAudit(tx: Queryable, scope: TenantScope, input: { actor: string; changes: ConnectionFieldChange[] }): Promise<void> {
  await insertAuditEntry(tx, 'helpdesk_connection_audit', scope, input);
}

/** The newest changes first. */
export async function listConnectionAudit(db: Queryable, scope: TenantScope, options: { limit: number }): Promise<ConnectionAuditRecord[]> {
  return listAuditEntries<ConnectionFieldChange>(db, 'helpdesk_connection_audit', scope, options);
}
