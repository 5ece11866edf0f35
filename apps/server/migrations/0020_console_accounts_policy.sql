-- People who sign in to the admin console. An account belongs to one tenant: the same address
-- invited by two tenants is two accounts, so a session can never reach past its tenant.
create table console_users (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  email text not null,
  name text,
  role text not null check (role in ('owner', 'admin', 'viewer')),
  -- scrypt$N$r$p$salt$hash (base64url); the parameters travel with the hash so they can be raised later.
  password_hash text not null,
  created_at timestamptz not null default now()
);
create unique index console_users_email on console_users (tenant_id, lower(email));

-- Signed-in browsers. Only a SHA-256 of the cookie's token is stored: a copy of this table signs no one in.
create table console_sessions (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  user_id uuid not null references console_users(id) on delete cascade,
  token_hash text not null unique,
  -- Sent back by the console in X-CSRF-Token on every write (synchronizer token).
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index console_sessions_user on console_sessions (tenant_id, user_id);

-- Invitations and one-time sign-in links: a hashed token, single use, with an expiry.
-- kind 'invite' creates an account with the role; kind 'sign_in' signs an existing account in.
create table console_invites (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  kind text not null default 'invite' check (kind in ('invite', 'sign_in')),
  email text not null,
  role text not null check (role in ('owner', 'admin', 'viewer')),
  token_hash text not null unique,
  invited_by text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index console_invites_tenant on console_invites (tenant_id, created_at desc);

-- Failed sign-ins, counted per account and per client address over a sliding window. tenant_id is
-- null for the per-address rows: an address guessing at many tenants is one attacker.
create table console_login_failures (
  id bigserial primary key,
  tenant_id uuid references tenants(id) on delete cascade,
  limit_key text not null,
  failed_at timestamptz not null
);
create index console_login_failures_key on console_login_failures (limit_key, failed_at);

-- The agent's identity and languages, beside the policy it already had.
alter table agent_policies
  add column greeting text,
  add column sign_off text,
  add column languages text[] not null default '{}';

-- Every change of a tenant's policy: who, when, and the fields that changed (before → after).
create table policy_audit (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null references tenants(id) on delete cascade,
  actor text not null,
  changes jsonb not null,
  created_at timestamptz not null default now()
);
create index policy_audit_tenant on policy_audit (tenant_id, created_at desc);
