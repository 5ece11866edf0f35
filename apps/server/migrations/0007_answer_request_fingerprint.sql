-- An answer made for a client's request (the sidebar's escalate) remembers a hash of that request,
-- so a retried request with the same Idempotency-Key is recognised and a different request that
-- reuses the key is refused instead of being answered with another request's result.
alter table answers add column request_fingerprint text;
