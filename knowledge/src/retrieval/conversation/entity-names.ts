import type { Queryable } from '@threadline/platform/db';
import { isUuid } from '../../store/rows.js';

/** Most names read per tenant: beyond this the knowledge is a crawl gone wide, not a catalogue. */
const MAX_NAMES = 50_000;

/**
 * The names a tenant's knowledge is organised by: every document title and every heading its
 * documents sit under (a product's page, a hotel's FAQ section). `createEntityFinder` keeps the
 * ones that read as names. Only documents a search may return count (not excluded; `sourceIds`
 * narrows to some sources).
 *
 * @example
 * const finder = createEntityFinder(await loadEntityNames(db, tenantId));
 */
export async function loadEntityNames(db: Queryable, tenantId: string, options: { sourceIds?: readonly string[] } = {}): Promise<string[]> {
  const params: unknown[] = [tenantId, MAX_NAMES];
  let sourceCondition = '';
  if (options.sourceIds !== undefined) {
    const ids = options.sourceIds.filter(isUuid);
    if (ids.length === 0) return [];
    params.push(ids);
    sourceCondition = 'and source_id = any($3::uuid[])';
  }
  const { rows } = await db.query<{ name: string }>(
    `select name from (
       select title as name from kb_documents where tenant_id = $1 and not is_excluded ${sourceCondition}
       union
       select unnest(section_path) as name from kb_documents where tenant_id = $1 and not is_excluded ${sourceCondition}
     ) names where length(name) between 3 and 120 order by name limit $2`,
    params,
  );
  return rows.map((row) => row.name);
}
