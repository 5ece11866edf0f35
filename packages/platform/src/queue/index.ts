export { JOB_STATUSES, type Job, type JobStatus } from './job.js';
export { defineQueue, handle, type QueueDefinition, type QueueHandler, type JobContext, type JobFailure } from './queue.js';
export { retryDelayMs, DEFAULT_BACKOFF, type Backoff } from './backoff.js';
export { isRetryableError } from './retryable.js';
export { QueueErrorCode } from './errors.js';
export {
  enqueueJob,
  getJob,
  getQueueJob,
  listJobs,
  listQueueJobs,
  findJobByDedupeKey,
  findLatestFailedJob,
  retryFailedJob,
  type EnqueueInput,
  type JobFilters,
} from './jobs-repository.js';
export { claimJob, renewLease, completeJob, failJob, releaseJob, expireAllLeases, type Lease } from './job-leases.js';
export { createWorker, type Worker, type WorkerOptions, type QueueLogger } from './worker.js';
