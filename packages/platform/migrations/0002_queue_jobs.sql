-- The one durable job queue (ticket events, replays, helpdesk syncs, knowledge syncs). At least
-- once: a worker claims a job with FOR UPDATE SKIP LOCKED and holds it by a lease it renews with
-- heartbeats; a job whose lease ran out (its worker died) is claimed again.
--
-- status: queued (waiting; after a failed attempt it waits for its retry with last_error set),
-- running (a worker holds the lease), succeeded, failed (the dead letter: attempts used up or an
-- error that no retry can fix; an operator can send it round again).
create table queue_jobs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  queue text not null check (length(queue) between 1 and 100),
  payload jsonb not null,
  status text not null default 'queued' check (status in ('queued', 'running', 'succeeded', 'failed')),
  -- Same key, same job, for good: a webhook delivered twice enqueues once.
  dedupe_key text,
  -- Joins an open job with the same key instead of adding one (nudges for one ticket, syncs of one
  -- source); a claim waits while a job with the key runs. Not unique: a retried job going back to
  -- 'queued' must never collide with a newer one.
  coalesce_key text,
  attempts int not null default 0,
  max_attempts int not null default 5 check (max_attempts > 0),
  run_at timestamptz not null default now(),
  locked_by text,
  lease_expires_at timestamptz,
  heartbeat_at timestamptz,
  progress jsonb,
  result jsonb,
  last_error text,
  error_code text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create unique index queue_jobs_dedupe on queue_jobs (tenant_id, queue, dedupe_key) where dedupe_key is not null;
create index queue_jobs_due on queue_jobs (run_at, created_at) where status = 'queued';
create index queue_jobs_leases on queue_jobs (lease_expires_at) where status = 'running';
create index queue_jobs_coalesce on queue_jobs (tenant_id, queue, coalesce_key) where status in ('queued', 'running');
create index queue_jobs_tenant on queue_jobs (tenant_id, status, created_at desc);
-- The metrics scrape reads depth and the oldest job per queue and open status; succeeded jobs are
-- history that only grows.
create index queue_jobs_open on queue_jobs (queue, status, created_at) where status in ('queued', 'running', 'failed');
