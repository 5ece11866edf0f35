-- The reporting surface: CSAT mirrored from the helpdesks, each tenant's business hours, and one
-- precomputed row of facts per ticket so that a report over a million tickets is one index range
-- scan and never a join across messages, answers and ratings.

-- When the ticket was last solved, and how often it went from solved back to open. The helpdesk
-- reports both where it can (Zendesk ticket metrics, Freshdesk ticket stats); the mirror also
-- counts a solved → open change it sees itself, and falls back to the ticket's last update for a
-- ticket first seen solved.
alter table tickets add column solved_at timestamptz;
alter table tickets add column reopens integer not null default 0;

-- One satisfaction rating per helpdesk rating (Zendesk satisfaction_ratings, Freshdesk survey
-- satisfaction_ratings), mapped to good / bad / neutral; offered and unoffered Zendesk surveys are
-- kept (they count as asked, not answered).
create table satisfaction_ratings (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  external_id text not null,
  ticket_external_id text not null,
  score text not null check (score in ('good', 'bad', 'neutral', 'offered', 'unoffered')),
  -- The vendor's own value ("good", "103"), so nothing is lost in mapping.
  raw_score text not null,
  comment text,
  reason text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  synced_at timestamptz not null default now(),
  unique (tenant_id, external_id)
);
create index satisfaction_ratings_ticket on satisfaction_ratings (tenant_id, ticket_external_id, updated_at desc);

-- Where the ratings sync stopped (the newest rating's time seen), apart from the ticket cursor.
alter table helpdesk_connections add column ratings_cursor timestamptz;

-- How a tenant's reports count time. No row means the defaults: UTC, Monday–Friday 09:00–17:00,
-- no holidays, repeat contact within 7 days.
create table report_settings (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  time_zone text not null default 'UTC',
  -- {"mon": [["09:00", "17:00"]], ...}: local opening intervals per weekday; a missing day is closed.
  weekly_hours jsonb not null,
  holidays date[] not null default '{}',
  repeat_contact_days integer not null default 7 check (repeat_contact_days between 1 and 90),
  updated_at timestamptz not null default now()
);

-- Per-ticket facts, rewritten for a customer's tickets whenever the mirror, the ratings or the
-- agent's answers change for them (see apps/server/src/reports/ticket-facts.ts). Minutes are
-- business minutes under the tenant's settings at the time of writing; a settings change rewrites
-- the tenant's rows.
create table ticket_facts (
  ticket_id uuid primary key references tickets(id) on delete cascade,
  tenant_id uuid not null references tenants(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  channel text not null,
  created_at timestamptz not null,
  first_customer_at timestamptz,
  first_response_at timestamptz,
  solved_at timestamptz,
  first_response_minutes real,
  resolution_minutes real,
  -- good / bad / neutral from the latest answered rating; null when none was answered.
  csat text check (csat in ('good', 'bad', 'neutral')),
  is_solved boolean not null default false,
  is_reopened boolean not null default false,
  is_repeat_contact boolean not null default false,
  is_multi_channel boolean not null default false,
  is_auto_replied boolean not null default false,
  is_drafted boolean not null default false,
  is_draft_used boolean not null default false,
  is_escalated boolean not null default false,
  is_handed_off boolean not null default false,
  escalation_reason text,
  -- The auto-reply's time when the customer has not come back on any channel since and did not rate
  -- the ticket bad; it counts as an automated resolution once the repeat-contact window has passed.
  automated_resolution_at timestamptz,
  -- The customer's ticket before this one, and their multi-channel issue before this one (if this
  -- is one): a customer counts once in a range through their first ticket in it, so distinct
  -- customers add up across days (see report_daily's gap histograms).
  previous_ticket_at timestamptz,
  previous_multi_channel_at timestamptz,
  computed_at timestamptz not null default now()
);
create index ticket_facts_range on ticket_facts (tenant_id, created_at, channel);
create index ticket_facts_customer on ticket_facts (tenant_id, customer_id);
-- The journey's distinct customers read from the index alone; automated resolutions from the few
-- tickets Threadline answered.
create index ticket_facts_journey on ticket_facts (tenant_id, created_at) include (customer_id, is_multi_channel);
create index ticket_facts_automated on ticket_facts (tenant_id, created_at) include (channel, automated_resolution_at) where automated_resolution_at is not null;

-- One row per tenant, local day (in the tenant's zone) and channel: the facts' counts, and the
-- first-response and resolution minutes as histograms ({"minutes": tickets}), which give exact
-- medians and percentiles when merged. A report over months reads a few hundred of these rows
-- instead of a row per ticket; a day's row is recomputed from its facts whenever one of its
-- tickets' facts is rewritten.
create table report_daily (
  tenant_id uuid not null references tenants(id) on delete cascade,
  day date not null,
  channel text not null,
  tickets integer not null,
  csat_responses integer not null,
  csat_good integer not null,
  csat_bad integer not null,
  solved integer not null,
  reopened integer not null,
  repeat_contacts integer not null,
  auto_replied integer not null,
  drafted integer not null,
  draft_used integer not null,
  escalated integer not null,
  handed_off integer not null,
  multi_channel_issues integer not null,
  multi_channel_good integer not null,
  multi_channel_bad integer not null,
  first_response_histogram jsonb not null,
  resolution_histogram jsonb not null,
  -- {"days since the customer's previous ticket": tickets}, 401 for none (longer than any range):
  -- the tickets whose gap reaches back before a range's first day are its distinct customers.
  customer_gap_histogram jsonb not null,
  -- The same over multi-channel issues and the customer's previous multi-channel issue.
  multi_channel_gap_histogram jsonb not null,
  computed_at timestamptz not null default now(),
  primary key (tenant_id, day, channel)
);
