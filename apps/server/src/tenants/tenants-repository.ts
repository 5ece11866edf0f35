import type { HelpdeskKind } from '@threadline/vocabulary';
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@threadline/platform/db';
import type { SecretBox } from './secret-box.js';
import { ServerError } from '../errors.js';

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
  kind: HelpdeskKind;
  baseUrl: string;
  credentials: HelpdeskCredentials;
  webhookSecret: string;
  /** Signs the helpdesk apps' requests (HS256 JWTs). */
  sidebarSecret: string;
  syncCursor: string | null;
  lastSyncedAt: Date | null;
  /**
   * Customer messages written before this are the history the tenant connected with, never
   * answered; cut to the whole second, as helpdesks stamp messages (Zendesk `2024-04-17T17:18:10Z`),
   * so a message written in the second the connection was made is not history.
   */
  answerMessagesSince: Date | null;
}

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function createTenant(tx: Queryable, input: { slug: string; name: string }): Promise<Tenant> {
  const existing = await tx.query(`select 1 from tenants where slug = $1`, [input.slug]);
  if (existing.rows.length > 0) {
    throw new ServerError('SERVER_TENANT_EXISTS', `A tenant with slug "${input.slug}" exists already`);
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

/**
 * Stores a tenant's helpdesk connection. Credentials, the webhook secret and the sidebar secret
 * are sealed with `secrets` first; only the connection's shape (kind, base URL) stays readable.
 */
export async function saveHelpdeskConnection(
  tx: Queryable,
  secrets: SecretBox,
  input: { tenantId: string; baseUrl: string; credentials: HelpdeskCredentials; webhookSecret: string; sidebarSecret?: string },
): Promise<{ sidebarSecret: string }> {
  const { rows } = await tx.query<{ sidebar_secret: string }>(
    `insert into helpdesk_connections (tenant_id, kind, base_url, credentials, webhook_secret, sidebar_secret)
     values ($1, $2, $3, to_jsonb($4::text), $5, coalesce($6, $7))
     on conflict (tenant_id) do update set kind = excluded.kind, base_url = excluded.base_url, credentials = excluded.credentials,
       webhook_secret = excluded.webhook_secret, sidebar_secret = coalesce($6, helpdesk_connections.sidebar_secret), updated_at = now()
     returning sidebar_secret`,
    [
      input.tenantId,
      input.credentials.kind,
      input.baseUrl,
      secrets.seal(JSON.stringify(input.credentials)),
      secrets.seal(input.webhookSecret),
      input.sidebarSecret ? secrets.seal(input.sidebarSecret) : null,
      secrets.seal(randomBytes(32).toString('base64url')),
    ],
  );
  return { sidebarSecret: secrets.open((rows[0] as { sidebar_secret: string }).sidebar_secret) };
}

interface ConnectionRow {
  tenant_id: string;
  kind: HelpdeskKind;
  base_url: string;
  /** Sealed JSON (a JSON string), or the object itself in rows stored before sealing. */
  credentials: HelpdeskCredentials | string;
  webhook_secret: string;
  sidebar_secret: string;
  sync_cursor: string | null;
  last_synced_at: Date | null;
  answer_messages_since?: Date | null;
}

const CONNECTION_COLUMNS = 'tenant_id, kind, base_url, credentials, webhook_secret, sidebar_secret, sync_cursor, last_synced_at';

export async function getHelpdeskConnection(db: Queryable, secrets: SecretBox, tenantId: string): Promise<HelpdeskConnection | null> {
  const { rows } = await db.query<ConnectionRow>(
    `select ${CONNECTION_COLUMNS}, date_trunc('second', answer_messages_since) as answer_messages_since from helpdesk_connections where tenant_id = $1`,
    [tenantId],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    kind: row.kind,
    baseUrl: row.base_url,
    credentials: typeof row.credentials === 'string' ? (JSON.parse(secrets.open(row.credentials)) as HelpdeskCredentials) : row.credentials,
    webhookSecret: secrets.open(row.webhook_secret),
    sidebarSecret: secrets.open(row.sidebar_secret),
    syncCursor: row.sync_cursor,
    lastSyncedAt: row.last_synced_at,
    answerMessagesSince: row.answer_messages_since ?? null,
  };
}

/**
 * Seals the secrets of connections stored before sealing existed (or by an older version), in
 * place; returns how many connections changed. Run at start, after the migrations.
 */
export async function sealStoredSecrets(db: Queryable, secrets: SecretBox): Promise<number> {
  const { rows } = await db.query<ConnectionRow>(`select ${CONNECTION_COLUMNS} from helpdesk_connections`);
  let sealed = 0;
  for (const row of rows) {
    const isDone = typeof row.credentials === 'string' && secrets.isSealed(row.credentials) && secrets.isSealed(row.webhook_secret) && secrets.isSealed(row.sidebar_secret);
    if (isDone) continue;
    const reseal = (value: string): string => (secrets.isSealed(value) ? value : secrets.seal(value));
    const credentials = typeof row.credentials === 'string' ? reseal(row.credentials) : secrets.seal(JSON.stringify(row.credentials));
    await db.query(
      `update helpdesk_connections set credentials = to_jsonb($2::text), webhook_secret = $3, sidebar_secret = $4, updated_at = now() where tenant_id = $1`,
      [row.tenant_id, credentials, reseal(row.webhook_secret), reseal(row.sidebar_secret)],
    );
    sealed++;
  }
  return sealed;
}

/**
 * Moves the moment before which customer messages count as history (read, never answered). A
 * connection starts at its creation; a demo world whose seeded tickets stand for live traffic
 * moves it back.
 */
export async function setAnswerMessagesSince(db: Queryable, tenantId: string, since: Date): Promise<void> {
  await db.query(`update helpdesk_connections set answer_messages_since = $2 where tenant_id = $1`, [tenantId, since]);
}

/**
 * What a webhook needs to be checked, by the tenant slug in its URL: the tenant, its helpdesk kind and
 * the webhook secret. One query and one secret opened, per webhook, instead of the tenant and then
 * the whole connection with its credentials.
 */
export async function findWebhookReceiver(db: Queryable, secrets: SecretBox, slug: string): Promise<{ tenantId: string; kind: HelpdeskKind; webhookSecret: string } | null> {
  const { rows } = await db.query<{ tenant_id: string; kind: HelpdeskKind; webhook_secret: string }>(
    `select t.id as tenant_id, c.kind, c.webhook_secret from tenants t join helpdesk_connections c on c.tenant_id = t.id where t.slug = $1`,
    [slug],
  );
  const row = rows[0];
  return row ? { tenantId: row.tenant_id, kind: row.kind, webhookSecret: secrets.open(row.webhook_secret) } : null;
}

/** A connection's kind and base URL alone (no secrets opened): what ticket links are made from. */
export async function findConnectionAddress(db: Queryable, tenantId: string): Promise<{ kind: HelpdeskKind; baseUrl: string } | null> {
  const { rows } = await db.query<{ kind: HelpdeskKind; base_url: string }>(`select kind, base_url from helpdesk_connections where tenant_id = $1`, [tenantId]);
  const row = rows[0];
  return row ? { kind: row.kind, baseUrl: row.base_url } : null;
}

/** Forgets where the incremental sync stood: a connection moved to another helpdesk account syncs from the start. */
export async function resetSyncPosition(db: Queryable, tenantId: string): Promise<void> {
  await db.query(`update helpdesk_connections set sync_cursor = null, last_synced_at = null, last_sync_error = null where tenant_id = $1`, [tenantId]);
}
