-- Threadline's normalized copy of each tenant's helpdesk: one customer however many identities,
-- their tickets on every channel, and every message. Upserts are idempotent: re-syncing the same
-- data changes nothing.
create table customers (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  name text not null,
  locale text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index customers_tenant on customers (tenant_id, id);

-- Helpdesk user/contact ids that belong to a customer (several after a merge).
create table customer_external_ids (
  tenant_id uuid not null references tenants(id) on delete cascade,
  external_id text not null,
  customer_id uuid not null references customers(id) on delete cascade,
  primary key (tenant_id, external_id)
);
create index customer_external_ids_customer on customer_external_ids (customer_id);

create table customer_identities (
  tenant_id uuid not null references tenants(id) on delete cascade,
  type text not null,
  value text not null,
  customer_id uuid not null references customers(id) on delete cascade,
  is_verified boolean not null default false,
  is_primary boolean not null default false,
  primary key (tenant_id, type, value)
);
create index customer_identities_customer on customer_identities (customer_id);

create table tickets (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  external_id text not null,
  customer_id uuid not null references customers(id) on delete cascade,
  subject text not null,
  status text not null,
  raw_status text not null,
  priority text,
  group_external_id text,
  assignee_external_id text,
  tags text[] not null default '{}',
  channel text not null,
  channel_raw text not null,
  url text not null,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  synced_at timestamptz not null default now(),
  unique (tenant_id, external_id)
);
create index tickets_customer on tickets (tenant_id, customer_id, created_at);

create table messages (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  ticket_id uuid not null references tickets(id) on delete cascade,
  external_id text not null,
  author_external_id text,
  author_role text not null check (author_role in ('customer', 'agent', 'bot', 'system')),
  is_public boolean not null,
  channel text not null,
  channel_raw text not null,
  body_text text not null,
  body_html text,
  attachments jsonb not null default '[]',
  created_at timestamptz not null,
  unique (tenant_id, ticket_id, external_id)
);
create index messages_ticket on messages (tenant_id, ticket_id, created_at);
