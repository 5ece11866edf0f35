-- Durable background work (webhook processing, syncs, answers). At-least-once: a job is claimed
-- with FOR UPDATE SKIP LOCKED, retried with backoff, and ends done or visibly failed.
create table jobs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  queue text not null,
  payload jsonb not null,
  -- Same key, same job: a webhook delivered twice enqueues once.
  dedupe_key text,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  attempts int not null default 0,
  max_attempts int not null default 5,
  run_at timestamptz not null default now(),
  locked_at timestamptz,
  locked_by text,
  last_error text,
  result jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create unique index jobs_dedupe on jobs (tenant_id, queue, dedupe_key) where dedupe_key is not null;
create index jobs_ready on jobs (queue, run_at) where status = 'queued';
create index jobs_tenant on jobs (tenant_id, status, created_at desc);
