-- Ticket events, replays and helpdesk syncs run on the platform's one job queue (queue_jobs, created
-- by the platform's 0002). This moves every row of the server's old jobs table there, ids kept so
-- webhook deliveries still name their jobs, and drops the old table; knowledge's 0002 does the same
-- for its syncs. An upgraded database ends like a fresh one.
--
-- Status: 'done' is now 'succeeded'; queued, running and failed (the dead letter) keep their names.
-- A running job's lease ends 30 s after its worker's last sign (the old lease), after which a worker
-- takes it again.
insert into queue_jobs (id, tenant_id, queue, payload, status, dedupe_key, coalesce_key, attempts, max_attempts, run_at, locked_by,
                        lease_expires_at, heartbeat_at, result, last_error, created_at, updated_at, finished_at)
select id, tenant_id, queue, payload, case status when 'done' then 'succeeded' else status end, dedupe_key, coalesce_key,
       attempts, max_attempts, run_at, case when status = 'running' then locked_by end,
       case when status = 'running' then coalesce(locked_at, now()) + interval '30 seconds' end,
       case when status = 'running' then locked_at end,
       result, last_error, created_at, updated_at, finished_at
  from jobs;

alter table webhook_deliveries drop constraint webhook_deliveries_job_id_fkey;
alter table webhook_deliveries add constraint webhook_deliveries_job_id_fkey foreign key (job_id) references queue_jobs(id) on delete set null;

drop table jobs;
