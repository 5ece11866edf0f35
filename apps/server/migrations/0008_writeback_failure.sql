-- Why the last write-back of an answer failed, as the helpdesk said it ({code, reason, httpStatus,
-- failedAt}); null unless writeback_status is 'failed'. A failed write-back can be retried.
alter table answers add column writeback_error jsonb;
