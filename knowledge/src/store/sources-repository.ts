import type { JsonValue } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import type { SourceKind } from '../types.js';
import { isUuid, SOURCE_COLUMNS, toSource, type SourceRow } from './rows.js';
import type { KnowledgeSource, SourceStatus } from './types.js';
import { knowledgeSyncQueue, sourceSyncKey } from '../jobs/sync-queue.js';

const KINDS: readonly SourceKind[] = ['helpdesk_articles', 'url', 'crawl', 'file', 'macros', 'solved_tickets'];

/**
 * The re-sync interval a new source gets unless the admin chooses one. Help-center articles: daily,
 * since they change often and a stale answer is what users complain about most, while one listing a
 * day costs the helpdesk's API little. Other kinds sync when asked: a crawl is heavy on someone
 * else's site, and files, macros and solved tickets change when the admin changes them.
 */
export const DEFAULT_RESYNC_HOURS: Readonly<Record<SourceKind, number | null>> = {
  helpdesk_articles: 24,
  url: null,
  crawl: null,
  file: null,
  macros: null,
  solved_tickets: null,
};

/** The longest re-sync interval: a year. */
export const MAX_RESYNC_HOURS = 8760;

export interface CreateSourceInput {
  tenantId: string;
  kind: SourceKind;
  name: string;
  config?: Record<string, JsonValue>;
  /** Re-sync interval in hours; default `DEFAULT_RESYNC_HOURS[kind]`, null for none. */
  resyncEveryHours?: number | null;
}

export interface UpdateSourceInput {
  tenantId: string;
  sourceId: string;
  name?: string;
  /** Replaces the whole config. */
  config?: Record<string, JsonValue>;
  /** A number (re)starts the schedule from the last sync (or now); null turns it off. */
  resyncEveryHours?: number | null;
}

export interface SourceKey {
  tenantId: string;
  sourceId: string;
}

/** Sources of a tenant: what the admin API lists, creates, edits and deletes. */
export interface SourcesRepository {
  list(input: { tenantId: string }, tx?: Queryable): Promise<KnowledgeSource[]>;
  /** Throws `KNOWLEDGE_SOURCE_NOT_FOUND` when the tenant has no such source. */
  get(input: SourceKey, tx?: Queryable): Promise<KnowledgeSource>;
  create(input: CreateSourceInput, tx?: Queryable): Promise<KnowledgeSource>;
  update(input: UpdateSourceInput, tx?: Queryable): Promise<KnowledgeSource>;
  /** Deletes the source with its documents, chunks and sync jobs. */
  remove(input: SourceKey, tx?: Queryable): Promise<void>;
  /**
   * Sets the sync status, and the last error when given; `ready` clears the error, records the sync
   * time and the sync's notes, and moves a scheduled source's next sync one interval on.
   */
  setStatus(input: SourceKey & { status: SourceStatus; error?: string | null; notes?: string[] }, tx?: Queryable): Promise<void>;
  /** Recounts the source's documents and chunks from the stored rows. */
  refreshCounts(input: SourceKey, tx?: Queryable): Promise<{ documentCount: number; chunkCount: number }>;
}

function notFound(input: SourceKey): KnowledgeError {
  return new KnowledgeError(KnowledgeErrorCode.sourceNotFound, 'No such knowledge source', { sourceId: input.sourceId });
}

function checkResync(hours: number | null | undefined): number | null | undefined {
  if (hours === undefined || hours === null) return hours;
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_RESYNC_HOURS) {
    throw new KnowledgeError(KnowledgeErrorCode.invalidInput, `Re-sync every 1 to ${MAX_RESYNC_HOURS} hours (a whole number), or null for never`, { field: 'resyncEveryHours' });
  }
  return hours;
}

function checkName(name: string): string {
  const clean = name.trim();
  if (clean.length < 1 || clean.length > 200) {
    throw new KnowledgeError(KnowledgeErrorCode.invalidInput, 'A source name must be 1 to 200 characters', { field: 'name' });
  }
  return clean;
}

/**
 * @example
 * const sources = createSourcesRepository(db);
 * const source = await sources.create({ tenantId, kind: 'url', name: 'Pricing page', config: { url } });
 */
export function createSourcesRepository(db: Queryable): SourcesRepository {
  const get = async (input: SourceKey, tx: Queryable = db): Promise<KnowledgeSource> => {
    if (!isUuid(input.sourceId)) throw notFound(input);
    const { rows } = await tx.query<SourceRow>(`select ${SOURCE_COLUMNS} from kb_sources where tenant_id = $1 and id = $2`, [input.tenantId, input.sourceId]);
    if (!rows[0]) throw notFound(input);
    return toSource(rows[0]);
  };

  return {
    get,

    async list(input, tx = db) {
      const { rows } = await tx.query<SourceRow>(`select ${SOURCE_COLUMNS} from kb_sources where tenant_id = $1 order by created_at, id`, [input.tenantId]);
      return rows.map(toSource);
    },

    async create(input, tx = db) {
      if (!KINDS.includes(input.kind)) {
        throw new KnowledgeError(KnowledgeErrorCode.invalidInput, `Unknown source kind ${String(input.kind)}`, { field: 'kind' });
      }
      const resync = input.resyncEveryHours === undefined ? DEFAULT_RESYNC_HOURS[input.kind] : checkResync(input.resyncEveryHours);
      // The first sync runs when the source is added (or, for files, uploaded); the schedule counts from now.
      const { rows } = await tx.query<SourceRow>(
        `insert into kb_sources (tenant_id, kind, name, config, resync_every_hours, next_sync_at)
         values ($1, $2, $3, $4::jsonb, $5::int, now() + make_interval(hours => $5::int)) returning ${SOURCE_COLUMNS}`,
        [input.tenantId, input.kind, checkName(input.name), JSON.stringify(input.config ?? {}), resync ?? null],
      );
      return toSource(rows[0] as SourceRow);
    },

    async update(input, tx = db) {
      if (!isUuid(input.sourceId)) throw notFound(input);
      const resync = checkResync(input.resyncEveryHours);
      // $5: whether the schedule changes; then the next sync is one interval after the last (at the
      // earliest now: a source never synced, or last synced long ago, is due at once). greatest() skips nulls.
      const { rows } = await tx.query<SourceRow>(
        `update kb_sources
            set name = coalesce($3, name), config = coalesce($4::jsonb, config),
                resync_every_hours = case when $5::boolean then $6::int else resync_every_hours end,
                next_sync_at = case when not $5::boolean then next_sync_at
                                    when $6::int is null then null
                                    else greatest(now(), last_synced_at + make_interval(hours => $6::int)) end,
                updated_at = now()
          where tenant_id = $1 and id = $2
          returning ${SOURCE_COLUMNS}`,
        [
          input.tenantId,
          input.sourceId,
          input.name === undefined ? null : checkName(input.name),
          input.config === undefined ? null : JSON.stringify(input.config),
          resync !== undefined,
          resync ?? null,
        ],
      );
      if (!rows[0]) throw notFound(input);
      return toSource(rows[0]);
    },

    async remove(input, tx = db) {
      if (!isUuid(input.sourceId)) throw notFound(input);
      const { rowCount } = await tx.query('delete from kb_sources where tenant_id = $1 and id = $2', [input.tenantId, input.sourceId]);
      if (rowCount === 0) throw notFound(input);
      // Its syncs go with it, as its documents do; a running one loses its lease and stops.
      await tx.query('delete from queue_jobs where tenant_id = $1 and queue = $2 and coalesce_key = $3', [input.tenantId, knowledgeSyncQueue.name, sourceSyncKey(input.sourceId)]);
    },

    async setStatus(input, tx = db) {
      await tx.query(
        `update kb_sources
            set status = $3,
                last_error = case when $3 = 'ready' then null when $4::text is not null then $4::text else last_error end,
                last_synced_at = case when $3 = 'ready' then now() else last_synced_at end,
                last_sync_notes = case when $3 = 'ready' then coalesce($5::text[], '{}') else last_sync_notes end,
                next_sync_at = case when $3 = 'ready' and resync_every_hours is not null
                                    then greatest(next_sync_at, now() + make_interval(hours => resync_every_hours)) else next_sync_at end,
                updated_at = now()
          where tenant_id = $1 and id = $2`,
        [input.tenantId, input.sourceId, input.status, input.error ?? null, input.notes ?? null],
      );
    },

    async refreshCounts(input, tx = db) {
      const { rows } = await tx.query<{ document_count: number; chunk_count: number }>(
        `update kb_sources s
            set document_count = counts.documents, chunk_count = counts.chunks, updated_at = now()
           from (select count(*)::int as documents, coalesce(sum(chunk_count), 0)::int as chunks
                   from kb_documents where tenant_id = $1 and source_id = $2) counts
          where s.tenant_id = $1 and s.id = $2
          returning s.document_count, s.chunk_count`,
        [input.tenantId, input.sourceId],
      );
      return { documentCount: rows[0]?.document_count ?? 0, chunkCount: rows[0]?.chunk_count ?? 0 };
    },
  };
}
