-- How a tenant's identities match across channels. No row means the defaults: numbers typed
-- without a country code are read as US numbers, and email aliases stay different people.
create table identity_settings (
  tenant_id uuid primary key references tenants(id) on delete cascade,
  -- ISO 3166-1 alpha-2 region of numbers typed without a country code ("(415) 555-0134").
  phone_region text not null default 'US' check (phone_region ~ '^[A-Z]{2}$'),
  -- jane+orders@x.com = jane@x.com and Gmail's dots ignored; opt-in, since on most mail servers
  -- those are different mailboxes.
  merge_email_aliases boolean not null default false,
  updated_at timestamptz not null default now()
);

-- `value` is the match key (E.164, lower-cased email, handle without @); `raw_value` is the value
-- as the helpdesk holds it, shown to agents. Rows mirrored before this column existed only kept
-- their key, which then stands in for the raw value.
alter table customer_identities add column raw_value text;
update customer_identities set raw_value = value where raw_value is null;
alter table customer_identities alter column raw_value set not null;
