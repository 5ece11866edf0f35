import type { Db } from '@threadline/platform/db';
import { handle, type QueueHandler } from '@threadline/platform/queue';
import type { Embedder } from '@threadline/knowledge';
import type { AnswerEngine } from '@threadline/knowledge/answer';
import { replaySolvedTickets } from '../../agent/replay.js';
import { replayQueue } from '../queues.js';

/** Past solved tickets answered again, written nowhere; the report is the job's result. */
export function replayHandler(deps: { db: Db; engine: AnswerEngine; embedder: Embedder }): QueueHandler {
  return handle(replayQueue, (job, context) =>
    replaySolvedTickets({ ...deps, tenantId: job.tenantId, limit: job.payload.limit, signal: context.signal, onProgress: (progress) => context.reportProgress(progress) }),
  );
}
