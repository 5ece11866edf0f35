-- The company a customer belongs to (Zendesk organization, Freshdesk company), one row per helpdesk
-- organization. `domains` are the email domains the helpdesk places new customers by, lower-cased.
create table organizations (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  external_id text not null,
  name text not null,
  domains text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, external_id)
);

-- Null: the helpdesk puts the customer in no organization (or none was read yet). An organization
-- deleted from the mirror leaves its customers without one rather than deleting them.
alter table customers add column organization_id uuid references organizations(id) on delete set null;
create index customers_organization on customers (tenant_id, organization_id);

-- Freshdesk moves long-closed tickets to an archive served only by id; the mirror keeps them and
-- says so, so a timeline can label them.
alter table tickets add column is_archived boolean not null default false;
