-- Source syncs run on the platform's one job queue (queue_jobs, queue 'knowledge.sync'). This moves
-- the syncs kb_sync_jobs held there, with their progress and errors, and drops the old table, so an
-- upgraded database ends like a fresh one. Statuses map as they are; 'succeeded' was already the
-- queue's word. A running sync's lease ends a minute after its last heartbeat (the old takeover
-- time), after which a worker takes it again.
insert into queue_jobs (id, tenant_id, queue, payload, status, coalesce_key, attempts, max_attempts, run_at, locked_by,
                        lease_expires_at, heartbeat_at, progress, last_error, error_code, created_at, updated_at, started_at, finished_at)
select id, tenant_id, 'knowledge.sync', jsonb_build_object('sourceId', source_id), status, 'source:' || source_id, attempts, max_attempts,
       run_after, case when status = 'running' then locked_by end,
       case when status = 'running' then coalesce(heartbeat_at, locked_at, now()) + interval '60 seconds' end,
       heartbeat_at,
       jsonb_build_object(
         'documentsSeen', documents_seen, 'documentsTotal', documents_total, 'documentsChanged', documents_changed,
         'documentsUnchanged', documents_unchanged, 'documentsDeleted', documents_deleted, 'chunksWritten', chunks_written,
         'chunksEmbedded', chunks_embedded, 'current', current_item),
       error, error_code, created_at, updated_at, started_at, finished_at
  from kb_sync_jobs;

drop table kb_sync_jobs;
