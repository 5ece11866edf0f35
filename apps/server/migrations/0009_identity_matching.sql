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
-- as the helpdesk holds it, shown to agents.
--
-- Rows mirrored before were keyed by the old rules ("(415) 555-0134" became "+4155550134", not the
-- "+14155550134" of the same number in E.164) and kept no raw value to re-key from. They are
-- dropped and every connection's sync cursor cleared: the next periodic sync is a backfill that
-- writes every identity again under the new keys and merges the people they join. Customers,
-- tickets and helpdesk ids stay, so records keep finding their customers meanwhile.
delete from customer_identities;
update helpdesk_connections set sync_cursor = null;
alter table customer_identities add column raw_value text not null;
