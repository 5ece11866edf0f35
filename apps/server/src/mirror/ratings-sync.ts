import type { Db, Queryable } from '@threadline/platform/db';
import type { HelpdeskConnector, SatisfactionRating } from '@threadline/connector-core';
import { markTicketsStale } from '../reports/stale-facts.js';

/**
 * A rating can be changed for a while after it was given (a customer turns "bad" into "good"), and
 * the vendors filter by creation time: each sync reads back over this window so such edits land.
 */
const REREAD_MS = 7 * 86_400_000;

/** Upserts ratings; returns how many rows changed. */
export async function upsertRatings(tx: Queryable, tenantId: string, ratings: readonly SatisfactionRating[]): Promise<number> {
  const unique = [...new Map(ratings.map((rating) => [rating.id, rating])).values()];
  if (unique.length === 0) return 0;
  const { rowCount } = await tx.query(
    `insert into satisfaction_ratings (tenant_id, external_id, ticket_external_id, score, raw_score, comment, reason, created_at, updated_at)
     select $1, r.external_id, r.ticket_external_id, r.score, r.raw_score, r.comment, r.reason, r.created_at, r.updated_at
       from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[])
            as r(external_id, ticket_external_id, score, raw_score, comment, reason, created_at, updated_at)
     on conflict (tenant_id, external_id) do update set
       ticket_external_id = excluded.ticket_external_id, score = excluded.score, raw_score = excluded.raw_score, comment = excluded.comment,
       reason = excluded.reason, updated_at = excluded.updated_at, synced_at = now()
     where (satisfaction_ratings.score, satisfaction_ratings.comment, satisfaction_ratings.reason, satisfaction_ratings.updated_at)
       is distinct from (excluded.score, excluded.comment, excluded.reason, excluded.updated_at)`,
    [
      tenantId,
      unique.map((rating) => rating.id),
      unique.map((rating) => rating.ticketId),
      unique.map((rating) => rating.score),
      unique.map((rating) => rating.rawScore),
      unique.map((rating) => rating.comment),
      unique.map((rating) => rating.reason),
      unique.map((rating) => rating.createdAt),
      unique.map((rating) => rating.updatedAt),
    ],
  );
  return rowCount ?? 0;
}

/**
 * Mirrors the helpdesk's satisfaction ratings since the stored cursor (all of them the first
 * time), with the report facts of the rated tickets, in one transaction with the new cursor.
 */
export async function syncSatisfactionRatings(db: Db, tenantId: string, connector: HelpdeskConnector): Promise<{ ratings: number; changed: number }> {
  const { rows } = await db.query<{ ratings_cursor: Date | null }>(`select ratings_cursor from helpdesk_connections where tenant_id = $1`, [tenantId]);
  const cursor = rows[0]?.ratings_cursor ?? null;
  const ratings = await connector.listSatisfactionRatings(cursor ? { createdSince: new Date(cursor.getTime() - REREAD_MS).toISOString() } : {});
  const newest = ratings.reduce<string | null>((max, rating) => (max === null || rating.createdAt > max ? rating.createdAt : max), null);
  return db.transaction(async (tx) => {
    const changed = await upsertRatings(tx, tenantId, ratings);
    // Ratings of tickets the mirror has not seen yet wait for them: the mirror's write marks a
    // customer's facts stale, ratings included.
    if (changed > 0) await markTicketsStale(tx, tenantId, ratings.map((rating) => rating.ticketId));
    if (newest) await tx.query(`update helpdesk_connections set ratings_cursor = greatest(coalesce(ratings_cursor, $2), $2) where tenant_id = $1`, [tenantId, newest]);
    return { ratings: ratings.length, changed };
  });
}
