import type { Db, Queryable } from '@threadline/platform/db';
import { refreshCustomerFacts } from './ticket-facts.js';

/**
 * Report facts rewritten late and once per burst. Rewriting a customer's facts reads every message,
 * answer and rating of their tickets (see ticket-facts.ts): done on every webhook event, twice (the
 * mirror's write, then the write-back), it was a third of the event's SQL. Instead the places that
 * change a fact's inputs mark the customer in `report_facts_pending`, in the same transaction as the
 * change, and `flushStaleFacts` rewrites the marked customers of a tenant in one batch: on a timer
 * (createFactsRefresher) and before any report is read, so a report never shows stale facts.
 */

const MARK_SQL = `on conflict (tenant_id, customer_id) do update set generation = report_facts_pending.generation + 1, marked_at = now()`;

/** Marks customers whose facts changed. Ids in one order, so overlapping marks lock rows the same way round. */
export async function markCustomersStale(db: Queryable, tenantId: string, customerIds: readonly string[]): Promise<void> {
  const ids = [...new Set(customerIds)].sort();
  if (ids.length === 0) return;
  await db.query(`insert into report_facts_pending (tenant_id, customer_id) select $1, id from unnest($2::uuid[]) as id order by id ${MARK_SQL}`, [tenantId, ids]);
}

/**
 * `markTicketsStale` as the step of a larger statement (a data-modifying `with` item): marks the
 * customers behind the `ticket_external_id` column of `source`, in the tenant given as `$1`.
 */
export const markTicketsStaleStep = (source: string) =>
  `insert into report_facts_pending (tenant_id, customer_id)
   select distinct $1::uuid, t.customer_id from tickets t join ${source} s on t.external_id = s.ticket_external_id
    where t.tenant_id = $1 order by t.customer_id ${MARK_SQL}`;

/** `markCustomersStale` of one customer (the SQL expression `customer`) as the step of a larger statement, in the tenant given as `$1`. */
export const markCustomerStaleStep = (customer: string) => `insert into report_facts_pending (tenant_id, customer_id) values ($1, ${customer}) ${MARK_SQL}`;

/** Marks the customers behind these helpdesk ticket ids (after an answer, a rating or draft feedback). */
export async function markTicketsStale(db: Queryable, tenantId: string, ticketExternalIds: readonly string[]): Promise<void> {
  if (ticketExternalIds.length === 0) return;
  await db.query(
    `insert into report_facts_pending (tenant_id, customer_id)
     select distinct $1::uuid, customer_id from tickets where tenant_id = $1 and external_id = any($2::text[]) order by customer_id ${MARK_SQL}`,
    [tenantId, [...new Set(ticketExternalIds)]],
  );
}

/**
 * Rewrites the facts of a tenant's marked customers, oldest marks first, `batchSize` at a time, and
 * removes each mark unless it was marked again meanwhile (its `generation` moved: the rewrite may
 * have read the rows before that change, so the customer stays marked). Returns the customers rewritten.
 */
export async function flushStaleFacts(db: Db, tenantId: string, options: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const batchSize = options.batchSize ?? 200;
  let flushed = 0;
  for (let batch = 0; batch < (options.maxBatches ?? Number.POSITIVE_INFINITY); batch++) {
    const { rows } = await db.query<{ customer_id: string; generation: string }>(
      `select customer_id, generation from report_facts_pending where tenant_id = $1 order by marked_at, customer_id limit $2`,
      [tenantId, batchSize],
    );
    if (rows.length === 0) break;
    await db.transaction(async (tx) => {
      await refreshCustomerFacts(tx, tenantId, rows.map((row) => row.customer_id));
      await tx.query(
        `delete from report_facts_pending p using unnest($2::uuid[], $3::bigint[]) as done(customer_id, generation)
          where p.tenant_id = $1 and p.customer_id = done.customer_id and p.generation = done.generation`,
        [tenantId, rows.map((row) => row.customer_id), rows.map((row) => row.generation)],
      );
    });
    flushed += rows.length;
    if (rows.length < batchSize) break;
  }
  return flushed;
}

/** Tenants with marked customers, for the refresher's round. */
export async function tenantsWithStaleFacts(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ tenant_id: string }>(`select distinct tenant_id from report_facts_pending`);
  return rows.map((row) => row.tenant_id);
}
