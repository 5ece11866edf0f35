import type { Queryable } from '@threadline/platform/db';
import { DEFAULT_PHONE_REGION, isSupportedPhoneRegion, type IdentityKeyOptions } from '@threadline/connector-core';
import { ServerError } from '../errors.js';

/** How a tenant's identities match: see `identity_settings` (migration 0007). */
export type IdentitySettings = Required<IdentityKeyOptions>;

export const DEFAULT_IDENTITY_SETTINGS: Readonly<IdentitySettings> = Object.freeze({ defaultRegion: DEFAULT_PHONE_REGION, canMergeEmailAliases: false });

/** The tenant's identity settings, or the defaults when it has none. */
export async function getIdentitySettings(db: Queryable, tenantId: string): Promise<IdentitySettings> {
  const { rows } = await db.query<{ phone_region: string; merge_email_aliases: boolean }>(
    `select phone_region, merge_email_aliases from identity_settings where tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0];
  return row ? { defaultRegion: row.phone_region, canMergeEmailAliases: row.merge_email_aliases } : { ...DEFAULT_IDENTITY_SETTINGS };
}

/**
 * Stores the tenant's identity settings, nothing more: `changeIdentitySettings` (mirror) also
 * re-keys the identities already mirrored.
 */
export async function saveIdentitySettings(tx: Queryable, tenantId: string, settings: IdentitySettings): Promise<IdentitySettings> {
  const region = settings.defaultRegion.toUpperCase();
  if (!isSupportedPhoneRegion(region)) {
    throw new ServerError('SERVER_IDENTITY_REGION_UNKNOWN', `"${settings.defaultRegion}" is not a phone region (ISO 3166-1 alpha-2)`, { region: settings.defaultRegion });
  }
  await tx.query(
    `insert into identity_settings (tenant_id, phone_region, merge_email_aliases) values ($1, $2, $3)
     on conflict (tenant_id) do update set phone_region = excluded.phone_region, merge_email_aliases = excluded.merge_email_aliases, updated_at = now()`,
    [tenantId, region, settings.canMergeEmailAliases],
  );
  return { defaultRegion: region, canMergeEmailAliases: settings.canMergeEmailAliases };
}
