-- The knowledge index: sources → documents → chunks (text, tsvector, embedding), a per-tenant
-- embedding cache keyed by content hash, and sync jobs that survive a restart.
-- Every row carries tenant_id; child tables reference their parent through (tenant_id, id) so a
-- row can never point at another tenant's parent.

create table kb_sources (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  kind text not null check (kind in ('helpdesk_articles', 'url', 'crawl', 'file', 'macros', 'solved_tickets')),
  name text not null check (length(name) between 1 and 200),
  config jsonb not null default '{}'::jsonb,
  status text not null default 'idle' check (status in ('idle', 'queued', 'syncing', 'failed', 'ready')),
  last_synced_at timestamptz,
  last_error text,
  document_count integer not null default 0,
  chunk_count integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id)
);
create index kb_sources_tenant_idx on kb_sources (tenant_id, created_at);

create table kb_documents (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  source_id uuid not null,
  external_id text not null check (length(external_id) between 1 and 2000),
  title text not null,
  url text,
  locale text not null,
  -- Full-text configuration chosen from the locale at ingestion (english, spanish, …, simple).
  text_config regconfig not null,
  visibility text not null check (visibility in ('public', 'internal')),
  section_path text[] not null default '{}',
  -- sha256 of everything the chunks are made from; equal hash → the document is skipped on re-sync.
  content_hash text not null,
  -- Fingerprint of the chunking options the chunks were made with; a change re-chunks.
  chunking_key text not null,
  -- Model and dimension that embedded this document's chunks; a different active model re-embeds.
  embedding_model text not null,
  embedding_dims integer not null check (embedding_dims > 0),
  is_excluded boolean not null default false,
  chunk_count integer not null default 0,
  -- When the source says the document last changed (SourceDocument.updatedAt).
  source_updated_at timestamptz,
  metadata jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  unique (source_id, external_id),
  foreign key (tenant_id, source_id) references kb_sources (tenant_id, id) on delete cascade
);
create index kb_documents_tenant_source_idx on kb_documents (tenant_id, source_id, title, id);
create index kb_documents_tenant_config_idx on kb_documents (tenant_id, text_config);

-- One row per passage, after chatwoot's captain_document_chunks: tenant keys, unique
-- (document_id, position), a tsvector with a GIN index and the embedding with its model and dimension.
create table kb_chunks (
  -- Derived from (document id, content hash, occurrence): a re-sync keeps the id of unchanged text.
  id uuid primary key,
  tenant_id uuid not null references tenants(id) on delete cascade,
  document_id uuid not null,
  source_id uuid not null,
  position integer not null check (position >= 0),
  -- Document section path followed by the Markdown headings above the passage, outermost first.
  section_path text[] not null default '{}',
  -- Title and section path as one line ("Billing > Refunds > Card payments"); weighted above the body in tsv.
  heading text not null default '',
  content text not null,
  -- sha256 of the text that was embedded (heading line + content); the embedding cache key.
  content_hash text not null,
  char_count integer not null,
  token_count integer not null,
  locale text not null,
  visibility text not null check (visibility in ('public', 'internal')),
  -- Copy of the document's flag, so both searches filter inside one index scan of this table.
  is_excluded boolean not null default false,
  text_config regconfig not null,
  tsv tsvector generated always as (
    setweight(to_tsvector(text_config, heading), 'A') || setweight(to_tsvector(text_config, content), 'B')
  ) stored,
  -- Dimension-less so models of any size share the table; indexed per dimension below.
  embedding vector not null,
  embedding_model text not null,
  embedding_dims integer not null check (embedding_dims > 0),
  created_at timestamptz not null default now(),
  unique (document_id, position),
  foreign key (tenant_id, document_id) references kb_documents (tenant_id, id) on delete cascade,
  foreign key (tenant_id, source_id) references kb_sources (tenant_id, id) on delete cascade,
  check (vector_dims(embedding) = embedding_dims)
);
create index kb_chunks_tenant_document_idx on kb_chunks (tenant_id, document_id, position);
create index kb_chunks_tenant_model_idx on kb_chunks (tenant_id, embedding_model);
create index kb_chunks_tsv_idx on kb_chunks using gin (tsv);

-- HNSW needs a fixed dimension, the column has none: one partial expression index per common
-- dimension. A query must repeat the predicate (embedding_dims = N) and the cast
-- (embedding::vector(N)) for the planner to use it; the opclass matches the <=> (cosine) operator.
-- 512: the default local model (Universal Sentence Encoder lite). 384/768: small/base open models.
-- 1024: Voyage 3.x. 1536: OpenAI text-embedding-3-small / ada-002. Larger models (> 2000 dims)
-- cannot have an HNSW index and are searched exactly. Empty partial indexes cost nothing.
create index kb_chunks_embedding_384_hnsw on kb_chunks using hnsw ((embedding::vector(384)) vector_cosine_ops) where embedding_dims = 384;
create index kb_chunks_embedding_512_hnsw on kb_chunks using hnsw ((embedding::vector(512)) vector_cosine_ops) where embedding_dims = 512;
create index kb_chunks_embedding_768_hnsw on kb_chunks using hnsw ((embedding::vector(768)) vector_cosine_ops) where embedding_dims = 768;
create index kb_chunks_embedding_1024_hnsw on kb_chunks using hnsw ((embedding::vector(1024)) vector_cosine_ops) where embedding_dims = 1024;
create index kb_chunks_embedding_1536_hnsw on kb_chunks using hnsw ((embedding::vector(1536)) vector_cosine_ops) where embedding_dims = 1536;

-- Vectors by content hash and model, so a re-sync, a restart or a re-chunk never re-embeds text
-- it has seen. Keyed by tenant too: a tenant's cache can neither leak into nor be poisoned by another's.
create table kb_embedding_cache (
  tenant_id uuid not null references tenants(id) on delete cascade,
  model text not null,
  content_hash text not null,
  dims integer not null check (dims > 0),
  embedding vector not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, model, content_hash),
  check (vector_dims(embedding) = dims)
);

create table kb_sync_jobs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  source_id uuid not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  documents_seen integer not null default 0,
  documents_total integer,
  documents_changed integer not null default 0,
  documents_unchanged integer not null default 0,
  documents_deleted integer not null default 0,
  chunks_written integer not null default 0,
  chunks_embedded integer not null default 0,
  current_item text,
  error text,
  error_code text,
  attempts integer not null default 0,
  max_attempts integer not null default 3 check (max_attempts > 0),
  run_after timestamptz not null default now(),
  locked_at timestamptz,
  locked_by text,
  heartbeat_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (tenant_id, source_id) references kb_sources (tenant_id, id) on delete cascade
);
-- At most one pending or running sync per source: enqueueing again returns the active job.
create unique index kb_sync_jobs_one_active_idx on kb_sync_jobs (source_id) where status in ('queued', 'running');
create index kb_sync_jobs_claim_idx on kb_sync_jobs (run_after, created_at) where status in ('queued', 'running');
create index kb_sync_jobs_tenant_source_idx on kb_sync_jobs (tenant_id, source_id, created_at desc);
