-- Why an agent turned a suggestion down (thumbs-down), in their words; null for other verdicts.
alter table answer_feedback add column reason text;

-- A conversation handed to another channel: the follow-up ticket Threadline opened there (a
-- callback request on the phone channel, an email follow-up), the note linking the two and the
-- acknowledgment on the customer's channel. One row per customer message or agent request
-- (idempotency_key), so a retried job or request finishes the same hand-off instead of opening a
-- second ticket.
create table handoffs (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  ticket_external_id text not null,
  idempotency_key text not null,
  request_fingerprint text not null,
  requested_by text not null check (requested_by in ('customer', 'agent')),
  target_channel text not null check (target_channel in ('voice', 'email', 'whatsapp', 'sms')),
  question text not null,
  summary text not null,
  status text not null default 'pending' check (status in ('pending', 'done', 'failed')),
  new_ticket_external_id text,
  new_ticket_url text,
  failure jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, idempotency_key)
);
create index handoffs_ticket on handoffs (tenant_id, ticket_external_id);
