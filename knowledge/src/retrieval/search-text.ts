import type { Db } from '@threadline/platform/db';
import { textSearchConfig } from '../store/text-config.js';
import { CHUNK_CANDIDATE_COLUMNS, checkK, dropDuplicatePassages, filterConditions, withRoomForDuplicates, PASSAGE_COLUMNS, PASSAGE_JOIN, toPassage, type Passage, type PassageRow, type SearchFilters } from './passage.js';

/**
 * How the words of a query must match:
 * - `any` (default): a chunk matching any word is a candidate, ranked by how well it matches.
 *   Questions are long and worded unlike the answer, so requiring every word finds too little.
 * - `all`: every word (`plainto_tsquery`).
 * - `websearch`: the user's syntax — quotes, `or`, `-word` (`websearch_to_tsquery`).
 */
export type TextMatchMode = 'any' | 'all' | 'websearch';

export interface SearchTextOptions {
  db: Db;
  tenantId: string;
  query: string;
  k: number;
  filters?: SearchFilters;
  mode?: TextMatchMode;
  /**
   * Language of the query, to stem it like the chunks it should match. Defaults to the locale
   * filter; without either, the query is parsed with every configuration the tenant's documents use.
   */
  queryLocale?: string;
  /** When a word is too common to search for in `any` mode; defaults to the constants below, `false` keeps every word. */
  commonWords?: { share: number; rows: number } | false;
}

function tsqueryExpression(mode: TextMatchMode, queryParam: string): string {
  switch (mode) {
    case 'all':
      return `plainto_tsquery(cfg, ${queryParam})`;
    case 'websearch':
      return `websearch_to_tsquery(cfg, ${queryParam})`;
    case 'any':
      // plainto_tsquery joins lexemes with ' & '; turning those into ' | ' keeps its stemming and
      // stop words (and any phrase operators) while matching any word.
      return `replace(plainto_tsquery(cfg, ${queryParam})::text, ' & ', ' | ')::tsquery`;
  }
}

/**
 * In `any` mode, a word found in more than `COMMON_WORD_SHARE` of all chunks and in more than
 * `COMMON_WORD_ROWS` of them is left out of the query (the rarest `KEEP_RAREST` words always stay).
 * Such words match a large part of a big index, so ranking every match dominates the search time
 * (87 → 15 ms p95 at 100k chunks), and `ts_rank` has no inverse document frequency: a chunk that
 * merely shares "order" with the question scores like one that shares "refund". Small indexes
 * keep every word: there ranking is cheap and one chunk is already a large share.
 */
export const COMMON_WORD_SHARE = 0.02;
export const COMMON_WORD_ROWS = 2_000;
const KEEP_RAREST = 2;

/**
 * SQL for the query's tsquery (one per language, OR-ed together; null when the query has no
 * searchable word), appending its parameters to `params` (whose first is the tenant id).
 *
 * In `any` mode, word frequencies come from the planner's statistics of `kb_chunks.tsv`
 * (`pg_stats` most_common_elems, refreshed by ANALYZE after large ingests and by autovacuum);
 * without statistics no word is left out.
 */
function tsquerySql(options: SearchTextOptions, mode: TextMatchMode, params: unknown[]): string {
  const locale = options.queryLocale ?? options.filters?.locale;
  params.push(options.query);
  const text = `$${params.length}`;
  let configs: string;
  if (locale !== undefined) {
    params.push(textSearchConfig(locale));
    configs = `select $${params.length}::regconfig as cfg`;
  } else {
    // Without a language, every configuration the tenant's documents use; read as a loose index
    // scan (one probe per distinct value) because a plain DISTINCT reads every document row.
    configs = `with recursive found(cfg) as (
           (select text_config from kb_documents where tenant_id = $1 order by text_config limit 1)
           union all
           select (select text_config from kb_documents where tenant_id = $1 and text_config > found.cfg order by text_config limit 1)
             from found where found.cfg is not null
         )
         select cfg from found where cfg is not null`;
  }
  if (mode !== 'any') {
    return `select string_agg('(' || q::text || ')', ' | ')::tsquery
              from (select ${tsqueryExpression(mode, text)} as q from (${configs}) configs) parsed
             where numnode(q) > 0`;
  }
  const limit = options.commonWords ?? { share: COMMON_WORD_SHARE, rows: COMMON_WORD_ROWS };
  // `false`: a share above 1 never matches.
  params.push(limit ? limit.share : 2, limit ? limit.rows : 0, KEEP_RAREST);
  // plainto_tsquery keeps its stemming, stop words and phrase groups ('e-mail' <-> 'e' <-> 'mail');
  // its ' & '-separated terms become alternatives, minus the words most chunks contain.
  return `with terms as (
              select distinct term
                from (${configs}) configs,
                     unnest(string_to_array(plainto_tsquery(cfg, ${text})::text, ' & ')) as term
               where term <> ''
            ),
            common as (
              select elem, freq
                from pg_stats s,
                     unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) as x(elem, freq)
               where s.schemaname = current_schema() and s.tablename = 'kb_chunks' and s.attname = 'tsv' and elem is not null
                 and freq > $${params.length - 2}
                 and freq * (select greatest(reltuples, 0) from pg_class where oid = to_regclass('kb_chunks')) > $${params.length - 1}
            ),
            scored as (
              select t.term, coalesce(c.freq, 0) as freq, row_number() over (order by coalesce(c.freq, 0), t.term) as rarity
                from terms t
                left join common c on t.term = '''' || replace(c.elem, '''', '''''') || ''''
            )
            select string_agg('(' || term || ')', ' | ' order by rarity)::tsquery
              from scored
             where freq = 0 or rarity <= $${params.length}`;
}

/**
 * Chunks matching the query's words (Postgres full-text search on the language-aware `tsv`
 * column, GIN index), ranked by `ts_rank` with the heading line weighted above the body. One
 * round trip: the tsquery is built inside the statement and used as the index condition.
 *
 * @example
 * const passages = await searchText({ db, tenantId, query: 'refund card payment', k: 5, filters: { locale: 'en' } });
 */
export async function searchText(options: SearchTextOptions): Promise<Passage[]> {
  const k = checkK(options.k);
  const mode = options.mode ?? 'any';
  if (options.query.trim().length === 0) return [];
  const params: unknown[] = [options.tenantId];
  const tsquery = tsquerySql(options, mode, params);
  const conditions = filterConditions(options.filters, params);
  if (conditions === null) return [];
  params.push(withRoomForDuplicates(k));
  const { rows } = await options.db.query<PassageRow>(
    `with query as materialized (select (${tsquery}) as q),
     matches as materialized (
       select ${CHUNK_CANDIDATE_COLUMNS}, ts_rank(c.tsv, (select q from query), 1) as score
         from kb_chunks c
        where c.tenant_id = $1 and c.tsv @@ (select q from query) and ${conditions.join(' and ')}
        order by score desc, c.content_hash, c.id
        limit $${params.length}
     )
     select ${PASSAGE_COLUMNS}, n.score
       from matches n ${PASSAGE_JOIN}
      order by n.score desc, n.content_hash, n.id`,
    params,
  );
  return dropDuplicatePassages(
    rows.map((row) => toPassage(row, { vector: null, text: row.score, fused: row.score })),
    k,
    'text',
  );
}
