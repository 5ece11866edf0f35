-- How a tenant reaches its helpdesk. A tenant is one installed helpdesk account, so one row each.
create table helpdesk_connections (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  kind text not null check (kind in ('zendesk', 'freshdesk')),
  base_url text not null,
  -- Vendor credentials (Zendesk email/token or OAuth token; Freshdesk API key). Never returned by the
  -- API and never logged.
  credentials jsonb not null,
  -- Zendesk: the webhook signing secret. Freshdesk: the value the automation rule sends in
  -- X-Threadline-Webhook-Secret.
  webhook_secret text not null,
  sync_cursor text,
  last_synced_at timestamptz,
  last_sync_error text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- API keys for the admin and integration API. Only a SHA-256 of the key is stored.
create table tenant_api_keys (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  key_hash text not null unique,
  label text not null default 'default',
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index tenant_api_keys_tenant on tenant_api_keys (tenant_id);
