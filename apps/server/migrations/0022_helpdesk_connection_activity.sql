-- Whether the helpdesk's webhooks reach Threadline: deliveries counted per tenant, helpdesk and hour
-- (verified ones, and ones refused for a wrong signature or secret), with the last of each. One row
-- per hour keeps "the last 24 hours" a sum of at most 25 rows, however busy the tenant is.
create table webhook_receipts (
  tenant_id uuid not null references tenants(id) on delete cascade,
  kind text not null check (kind in ('zendesk', 'freshdesk')),
  hour timestamptz not null,
  received integer not null default 0,
  refused integer not null default 0,
  last_received_at timestamptz,
  last_refused_at timestamptz,
  primary key (tenant_id, kind, hour)
);

-- Every change of a tenant's helpdesk connection: who, when, and which fields changed. Secrets are
-- named as changed, never stored here, before or after.
create table helpdesk_connection_audit (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  actor text not null,
  changes jsonb not null,
  created_at timestamptz not null default now()
);
create index helpdesk_connection_audit_tenant on helpdesk_connection_audit (tenant_id, created_at desc);
