import { handle, type QueueHandler } from '@threadline/platform/queue';
import type { HelpdeskSync } from '../../mirror/helpdesk-sync.js';
import { helpdeskSyncQueue } from '../queues.js';

/** An incremental sync of the tenant's helpdesk: tickets into the mirror, then ratings. */
export function helpdeskSyncHandler(deps: { helpdeskSync: HelpdeskSync }): QueueHandler {
  return handle(helpdeskSyncQueue, (job, { signal }) => deps.helpdeskSync.run(job.tenantId, { signal }));
}
