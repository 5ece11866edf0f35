-- The shared secret the helpdesk apps (Zendesk sidebar: a secure installation setting; Freshdesk:
-- a secure iparam) sign their requests with. Distinct from the webhook secret, so one can be rotated
-- without the other.
alter table helpdesk_connections add column sidebar_secret text;
update helpdesk_connections set sidebar_secret = replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '') where sidebar_secret is null;
alter table helpdesk_connections alter column sidebar_secret set not null;
