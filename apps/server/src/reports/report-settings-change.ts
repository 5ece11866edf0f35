import type { Db } from '@threadline/platform/db';
import { saveReportSettings, type ReportSettings } from './report-settings-repository.js';
import { rebuildTenantFacts } from './ticket-facts.js';

/**
 * Stores new report settings and rewrites the tenant's ticket facts under them in the same
 * transaction, so a report never mixes minutes counted under two schedules.
 */
export async function changeReportSettings(db: Db, tenantId: string, settings: ReportSettings): Promise<ReportSettings> {
  return db.transaction(async (tx) => {
    const saved = await saveReportSettings(tx, tenantId, settings);
    await rebuildTenantFacts(tx, tenantId);
    return saved;
  });
}
