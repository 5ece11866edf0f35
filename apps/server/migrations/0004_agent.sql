-- What the agent may do for a tenant, per channel. One row per tenant; channel_overrides holds
-- {"<channel>": {"mode": "...", "confidenceThreshold": n}} on top of the defaults.
create table agent_policies (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  mode text not null default 'draft' check (mode in ('off', 'draft', 'auto')),
  confidence_threshold real not null default 0.7 check (confidence_threshold between 0 and 1),
  channel_overrides jsonb not null default '{}',
  blocked_topics jsonb not null default '[]',
  refund_limit numeric,
  escalation_group_id text,
  agent_name text,
  company_name text,
  updated_at timestamptz not null default now()
);

-- Every answer the agent produced, from the pipeline, the sidebar or a replay, with what was
-- written back. The idempotency key makes the write-back exactly-once per event.
create table answers (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  ticket_external_id text not null,
  trigger text not null check (trigger in ('webhook', 'sidebar', 'replay', 'demo')),
  idempotency_key text,
  path text not null check (path in ('claude', 'offline')),
  model text,
  action text not null check (action in ('draft', 'reply', 'escalate')),
  reply_text text not null,
  language text,
  citations jsonb not null default '[]',
  confidence real not null,
  summary text not null,
  escalation jsonb,
  guardrails text[] not null default '{}',
  writeback_status text not null default 'pending' check (writeback_status in ('pending', 'written', 'skipped', 'failed')),
  writeback_message_id text,
  written_at timestamptz,
  timings jsonb not null default '{}',
  created_at timestamptz not null default now()
);
create unique index answers_idempotency on answers (tenant_id, idempotency_key) where idempotency_key is not null;
create index answers_ticket on answers (tenant_id, ticket_external_id, created_at desc);

create table answer_feedback (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  answer_id uuid not null references answers(id) on delete cascade,
  agent_external_id text,
  verdict text not null check (verdict in ('used', 'edited', 'rejected', 'helpful', 'unhelpful')),
  edited_text text,
  created_at timestamptz not null default now()
);
create index answer_feedback_answer on answer_feedback (tenant_id, answer_id);
