import type { Db } from '@threadline/platform/db';
import { textSearchConfig } from '../store/text-config.js';
import { CHUNK_CANDIDATE_COLUMNS, checkK, filterConditions, PASSAGE_COLUMNS, PASSAGE_JOIN, toPassage, type Passage, type PassageRow, type SearchFilters } from './passage.js';

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
 * Builds the tsquery for the given configurations (one query per language, OR-ed together) as
 * text, or null when the query has no searchable word (only stop words or punctuation).
 */
async function buildTsquery(db: Db, options: SearchTextOptions, mode: TextMatchMode): Promise<string | null> {
  const locale = options.queryLocale ?? options.filters?.locale;
  // Without a language, every configuration the tenant's documents use; read as a loose index
  // scan (one probe per distinct value) because a plain DISTINCT reads every document row.
  const configs =
    locale !== undefined
      ? `select $2::regconfig as cfg`
      : `with recursive found(cfg) as (
           (select text_config from kb_documents where tenant_id = $2 order by text_config limit 1)
           union all
           select (select text_config from kb_documents where tenant_id = $2 and text_config > found.cfg order by text_config limit 1)
             from found where found.cfg is not null
         )
         select cfg from found where cfg is not null`;
  const { rows } = await db.query<{ query: string | null }>(
    `select string_agg('(' || q::text || ')', ' | ') as query
       from (select ${tsqueryExpression(mode, '$1')} as q from (${configs}) configs) parsed
      where numnode(q) > 0`,
    [options.query, locale !== undefined ? textSearchConfig(locale) : options.tenantId],
  );
  return rows[0]?.query ?? null;
}

/**
 * Chunks matching the query's words (Postgres full-text search on the language-aware `tsv`
 * column, GIN index), ranked by `ts_rank` with the heading line weighted above the body.
 *
 * @example
 * const passages = await searchText({ db, tenantId, query: 'refund card payment', k: 5, filters: { locale: 'en' } });
 */
export async function searchText(options: SearchTextOptions): Promise<Passage[]> {
  const k = checkK(options.k);
  const mode = options.mode ?? 'any';
  if (options.query.trim().length === 0) return [];
  const tsquery = await buildTsquery(options.db, options, mode);
  if (tsquery === null) return [];
  const params: unknown[] = [options.tenantId, tsquery];
  const conditions = filterConditions(options.filters, params);
  if (conditions === null) return [];
  params.push(k);
  const { rows } = await options.db.query<PassageRow>(
    `with matches as materialized (
       select ${CHUNK_CANDIDATE_COLUMNS}, ts_rank(c.tsv, $2::tsquery, 1) as score
         from kb_chunks c
        where c.tenant_id = $1 and c.tsv @@ $2::tsquery and ${conditions.join(' and ')}
        order by score desc, c.id
        limit $${params.length}
     )
     select ${PASSAGE_COLUMNS}, n.score
       from matches n ${PASSAGE_JOIN}
      order by n.score desc, n.id`,
    params,
  );
  return rows.map((row) => toPassage(row, { vector: null, text: row.score, fused: row.score }));
}
