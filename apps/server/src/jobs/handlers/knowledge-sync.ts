import { knowledgeSyncQueue, type SourceSync } from '@threadline/knowledge';
import { handle, type QueueHandler } from '@threadline/platform/queue';

/** A knowledge source read again and indexed; its status follows the job's failures. */
export function knowledgeSyncHandler(deps: { sourceSync: SourceSync }): QueueHandler {
  return handle(knowledgeSyncQueue, (job, context) => deps.sourceSync.run(job, context), { onFailure: (job, failure) => deps.sourceSync.onFailure(job, failure) });
}
