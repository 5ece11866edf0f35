import { withAbortSignal } from '@threadline/connector-core/http';
import type { Db } from '@threadline/platform/db';
import type { HelpdeskRegistry } from '../helpdesk/helpdesk-registry.js';
import type { ChangesResult, MirrorSync } from './mirror-sync.js';
import { syncSatisfactionRatings } from './ratings-sync.js';

/** The service behind the `helpdesk.sync` queue; see `createHelpdeskSync`. */
export interface HelpdeskSync {
  /**
   * `signal` stops it (a shutdown): the helpdesk requests in flight or waiting for the rate budget
   * end at once, what was written stays, and the cursor marks where to go on.
   */
  run(tenantId: string, options?: { signal?: AbortSignal }): Promise<ChangesResult & { ratings: number }>;
}

/**
 * One incremental sync of a tenant's helpdesk: changed tickets into the mirror, then satisfaction
 * ratings (after the tickets, so the rated tickets are in the mirror when their facts are written).
 * A failure is recorded on the connection for the settings page, then thrown for the queue to retry.
 */
export function createHelpdeskSync(deps: { db: Db; helpdesks: HelpdeskRegistry; mirror: MirrorSync }): HelpdeskSync {
  return {
    async run(tenantId, options = {}) {
      const { connector } = await deps.helpdesks.forTenant(tenantId);
      try {
        return await withAbortSignal(options.signal, async () => {
          const changes = await deps.mirror.syncChanges(tenantId, connector, options);
          options.signal?.throwIfAborted();
          const ratings = await syncSatisfactionRatings(deps.db, tenantId, connector);
          return { ...changes, ratings: ratings.ratings };
        });
      } catch (error) {
        // A stop is not the helpdesk's failure: the settings page keeps its last real error.
        if (options.signal?.aborted) throw error;
        await deps.db.query(`update helpdesk_connections set last_sync_error = $2, updated_at = now() where tenant_id = $1`, [
          tenantId,
          error instanceof Error ? error.message : String(error),
        ]);
        throw error;
      }
    },
  };
}
