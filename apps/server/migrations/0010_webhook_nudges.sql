-- Webhooks are nudges to look at a ticket; each customer message is answered once, keyed by its
-- helpdesk id (answers.idempotency_key = 'message:<id>'), however many nudges arrive.

-- Delivery ids the helpdesk stated (Zendesk's event id and invocation id), recorded for good so that
-- an exact redelivery is recognised. Deliveries without such an id (Freshdesk automation rules,
-- Zendesk triggers without the header) are never recorded: their bodies say nothing about identity.
create table webhook_deliveries (
  tenant_id uuid not null references tenants(id) on delete cascade,
  delivery_key text not null,
  job_id uuid references jobs(id) on delete set null,
  received_at timestamptz not null default now(),
  primary key (tenant_id, delivery_key)
);

-- Nudges for one ticket share a coalesce key: a nudge that finds a queued job for the ticket joins
-- it, because that job has not yet read the ticket and will see what the nudge announces. Not
-- unique: a retried job going back to 'queued' must never collide with a newer one.
alter table jobs add column coalesce_key text;
create index jobs_coalesce on jobs (tenant_id, queue, coalesce_key) where status = 'queued';

-- Messages older than this are the history the tenant connected with: read, never answered.
alter table helpdesk_connections add column answer_messages_since timestamptz not null default now();
