-- The metrics scrape reads queue depth and the oldest job per queue and open status. Done jobs are
-- history that only grows; this partial index keeps that read to the open jobs.
create index jobs_open on jobs (queue, status, created_at) where status in ('queued', 'running', 'failed');
