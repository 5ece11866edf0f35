import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@threadline/platform/db';
import { ThreadlineError } from '@threadline/platform';

export interface Tenant {
  id: string;
  slug: string;
  name: string;
}

export type HelpdeskCredentials =
  | { kind: 'zendesk'; auth: { type: 'token'; email: string; token: string } | { type: 'oauth'; accessToken: string } }
  | { kind: 'freshdesk'; auth: { apiKey: string } };

export interface HelpdeskConnection {
  tenantId: string;
  kind: 'zendesk' | 'freshdesk';
  baseUrl: string;
  credentials: HelpdeskCredentials;
  webhookSecret: string;
  /** Signs the helpdesk apps' requests (HS256 JWTs). */
  sidebarSecret: string;
  syncCursor: string | null;
  lastSyncedAt: Date | null;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createTenant(tx: Queryable, input: { slug: string; name: string }): Promise<Tenant> {
  const existing = await tx.query(`select 1 from tenants where slug = $1`, [input.slug]);
  if (existing.rows.length > 0) {
    throw new ThreadlineError({ code: 'TENANT_EXISTS', category: 'user', status: 409, message: `A tenant with slug "${input.slug}" exists already` });
  }
  const { rows } = await tx.query<Tenant>(`insert into tenants (slug, name) values ($1, $2) returning id, slug, name`, [input.slug, input.name]);
  return rows[0] as Tenant;
}

export async function findTenantBySlug(db: Queryable, slug: string): Promise<Tenant | null> {
  const { rows } = await db.query<Tenant>(`select id, slug, name from tenants where slug = $1`, [slug]);
  return rows[0] ?? null;
}

export async function listTenants(db: Queryable): Promise<Tenant[]> {
  const { rows } = await db.query<Tenant>(`select id, slug, name from tenants order by created_at, slug`);
  return rows;
}

/** Issues an API key; only its hash is stored, so the returned value is shown once. */
export async function createApiKey(tx: Queryable, tenantId: string, label = 'default'): Promise<string> {
  const key = `tl_${randomBytes(24).toString('base64url')}`;
  await tx.query(`insert into tenant_api_keys (tenant_id, key_hash, label) values ($1, $2, $3)`, [tenantId, hashKey(key), label]);
  return key;
}

export async function findTenantByApiKey(db: Queryable, key: string): Promise<Tenant | null> {
  const { rows } = await db.query<Tenant>(
    `update tenant_api_keys k set last_used_at = now()
       from tenants t
      where k.key_hash = $1 and t.id = k.tenant_id
      returning t.id, t.slug, t.name`,
    [hashKey(key)],
  );
  return rows[0] ?? null;
}

export async function saveHelpdeskConnection(
  tx: Queryable,
  input: { tenantId: string; baseUrl: string; credentials: HelpdeskCredentials; webhookSecret: string; sidebarSecret?: string },
): Promise<{ sidebarSecret: string }> {
  const { rows } = await tx.query<{ sidebar_secret: string }>(
    `insert into helpdesk_connections (tenant_id, kind, base_url, credentials, webhook_secret, sidebar_secret)
     values ($1, $2, $3, $4::jsonb, $5, coalesce($6, $7))
     on conflict (tenant_id) do update set kind = excluded.kind, base_url = excluded.base_url, credentials = excluded.credentials,
       webhook_secret = excluded.webhook_secret, sidebar_secret = coalesce($6, helpdesk_connections.sidebar_secret), updated_at = now()
     returning sidebar_secret`,
    [input.tenantId, input.credentials.kind, input.baseUrl, JSON.stringify(input.credentials), input.webhookSecret, input.sidebarSecret ?? null, randomBytes(32).toString('base64url')],
  );
  return { sidebarSecret: (rows[0] as { sidebar_secret: string }).sidebar_secret };
}

export async function getHelpdeskConnection(db: Queryable, tenantId: string): Promise<HelpdeskConnection | null> {
  const { rows } = await db.query<{
    tenant_id: string;
    kind: 'zendesk' | 'freshdesk';
    base_url: string;
    credentials: HelpdeskCredentials;
    webhook_secret: string;
    sidebar_secret: string;
    sync_cursor: string | null;
    last_synced_at: Date | null;
  }>(
    `select tenant_id, kind, base_url, credentials, webhook_secret, sidebar_secret, sync_cursor, last_synced_at from helpdesk_connections where tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    kind: row.kind,
    baseUrl: row.base_url,
    credentials: row.credentials,
    webhookSecret: row.webhook_secret,
    sidebarSecret: row.sidebar_secret,
    syncCursor: row.sync_cursor,
    lastSyncedAt: row.last_synced_at,
  };
}
