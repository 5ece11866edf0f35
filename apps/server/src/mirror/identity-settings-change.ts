import type { Db, Queryable } from '@threadline/platform/db';
import { normalizeIdentityValue, type Identity } from '@threadline/connector-core';
import { getIdentitySettings, saveIdentitySettings, type IdentitySettings } from '../tenants/identity-settings-repository.js';

/**
 * Changes how the tenant's identities match and re-keys the mirror to match, in one transaction.
 * Keys left from the old settings would keep matching by the old rules (a US caller found through a
 * number once read as British), so every mirrored identity is re-keyed from its raw value. Where
 * two rows now share a key the first stays. People the new rules join (or part) are settled by a
 * full sync, which finds each record's customers by the new keys and merges them; the sync cursor
 * is cleared so the next periodic sync is one.
 */
export async function changeIdentitySettings(db: Db, tenantId: string, settings: IdentitySettings): Promise<IdentitySettings> {
  return db.transaction(async (tx) => {
    const before = await getIdentitySettings(tx, tenantId);
    const saved = await saveIdentitySettings(tx, tenantId, settings);
    if (saved.defaultRegion === before.defaultRegion && saved.canMergeEmailAliases === before.canMergeEmailAliases) return saved;
    await rekeyIdentities(tx, tenantId, saved);
    await tx.query(`update helpdesk_connections set sync_cursor = null, updated_at = now() where tenant_id = $1`, [tenantId]);
    return saved;
  });
}

async function rekeyIdentities(tx: Queryable, tenantId: string, settings: IdentitySettings): Promise<void> {
  const { rows } = await tx.query<{ type: Identity['type']; raw_value: string; customer_id: string; is_verified: boolean; is_primary: boolean }>(
    `select type, raw_value, customer_id, is_verified, is_primary from customer_identities
      where tenant_id = $1 order by is_primary desc, customer_id, type, value`,
    [tenantId],
  );
  const kept = rows.map((row) => ({ ...row, value: normalizeIdentityValue(row.type, row.raw_value, settings) })).filter((row) => row.value !== '');
  await tx.query(`delete from customer_identities where tenant_id = $1`, [tenantId]);
  // One statement; `do nothing` keeps the first of several rows that now share a key.
  await tx.query(
    `insert into customer_identities (tenant_id, type, value, raw_value, customer_id, is_verified, is_primary)
     select $1, * from unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::boolean[], $7::boolean[])
     on conflict (tenant_id, type, value) do nothing`,
    [tenantId, kept.map((row) => row.type), kept.map((row) => row.value), kept.map((row) => row.raw_value), kept.map((row) => row.customer_id), kept.map((row) => row.is_verified), kept.map((row) => row.is_primary)],
  );
}
