-- Per-source re-sync schedule and what the last sync had to say.
-- resync_every_hours: null = only on demand. Help-center articles default to 24 h: they change
-- often, a stale answer is the complaint users raise most, and one incremental listing a day costs
-- the helpdesk's API little. Web, file, macro and ticket sources stay on demand unless the admin sets it.
-- next_sync_at: when the scheduler enqueues the source's next sync; set from the last finished sync
-- (or now, when the schedule is turned on) plus the interval.
-- last_sync_notes: plain-language remarks of the last finished sync (a crawl stopped at its page cap,
-- pages skipped), shown beside its counts.
alter table kb_sources
  add column resync_every_hours integer check (resync_every_hours between 1 and 8760),
  add column next_sync_at timestamptz,
  add column last_sync_notes text[] not null default '{}';

update kb_sources
   set resync_every_hours = 24,
       next_sync_at = coalesce(last_synced_at, now()) + interval '24 hours'
 where kind = 'helpdesk_articles';

create index kb_sources_due_idx on kb_sources (next_sync_at) where next_sync_at is not null;
