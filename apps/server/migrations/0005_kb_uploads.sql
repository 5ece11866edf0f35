-- Files uploaded to a `file` knowledge source, kept so a re-sync (or a change of embedding model)
-- can re-read them.
create table kb_uploads (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  source_id uuid not null references kb_sources(id) on delete cascade,
  name text not null,
  content_type text,
  data bytea not null,
  size_bytes integer not null,
  sha256 text not null,
  created_at timestamptz not null default now(),
  unique (source_id, name)
);
create index kb_uploads_tenant on kb_uploads (tenant_id, source_id);
