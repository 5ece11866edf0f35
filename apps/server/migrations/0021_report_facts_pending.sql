-- Customers whose report facts (ticket_facts, report_daily) wait to be rewritten. The mirror's write
-- and the agent's answers mark a customer here instead of rewriting the facts on every event; the
-- facts refresher rewrites marked customers in batches, and a report read rewrites its tenant's
-- first, so a burst of events rewrites each customer once and no report reads stale facts.
-- `generation` grows with every mark: a refresh removes the mark only if nobody marked again
-- while it ran.
create table report_facts_pending (
  tenant_id uuid not null references tenants(id) on delete cascade,
  customer_id uuid not null references customers(id) on delete cascade,
  generation bigint not null default 1,
  marked_at timestamptz not null default now(),
  primary key (tenant_id, customer_id)
);
create index report_facts_pending_oldest on report_facts_pending (marked_at);
