import type { Queryable } from '@threadline/platform/db';
import { contentTerms } from '../../answer/text/text-tools.js';
import { isUuid } from '../../store/rows.js';

/** Most names read per tenant: beyond this the knowledge is a crawl gone wide, not a catalogue. */
const MAX_NAMES = 50_000;
/** Chunks read to learn how the knowledge writes the words of its names. */
const CASE_SAMPLE_CHUNKS = 5_000;

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
  const names = rows.map((row) => row.name);
  if (names.length === 0) return names;
  const { rows: sample } = await db.query<{ content: string }>(
    `select content from kb_chunks where tenant_id = $1 and not is_excluded ${sourceCondition} limit $2`,
    [tenantId, CASE_SAMPLE_CHUNKS, ...params.slice(2)],
  );
  return withoutCategories(names, sample.map((row) => row.content));
}

/** A word at this position starts a sentence, a line or a list item: its capital says nothing. */
const SENTENCE_START = /(?:^|[.!?:;\n#*•>|(-]|\d[.)])\s*$/u;
const WORD = /\p{L}[\p{L}\p{N}'’]*/gu;

/**
 * The names that name something: a name all of whose words the knowledge writes in lower case
 * more often than with a capital inside a sentence is one of its categories or topics, not an
 * entity ("Delivery", "Returns", "Your account", "Resetting your password": "on delivery", "start a
 * return"). A customer writing "customs fees on delivery" means no place called Delivery, and
 * taking it for one moved every delivery article ahead of the customs one. A name with one word
 * the knowledge writes as a name ("Hobsons House", "Trailblazer 2 Tent") stays, as does one whose
 * words the sample never uses.
 *
 * @example
 * withoutCategories(['Delivery', 'Avalon Hotel'], ['Duties are collected on delivery.', 'The Avalon Hotel has a hotel bar.']); // ['Avalon Hotel']
 */
export function withoutCategories(names: readonly string[], texts: readonly string[]): string[] {
  // Compared as content terms (folded, stemmed): "Returns" is written "return" in "start a return".
  const wordsOf = (name: string): string[] => [...new Set(contentTerms(name))];
  const wanted = new Set(names.flatMap(wordsOf));
  const lower = new Map<string, number>();
  const capital = new Map<string, number>();
  // A sample repeats its words: each is stemmed once.
  const termOf = new Map<string, string | undefined>();
  const term = (written: string): string | undefined => {
    if (!termOf.has(written)) termOf.set(written, contentTerms(written)[0]);
    return termOf.get(written);
  };
  for (const text of texts) {
    for (const match of text.matchAll(WORD)) {
      const word = term(match[0]);
      if (word === undefined || !wanted.has(word)) continue;
      if (/^\p{Ll}/u.test(match[0])) lower.set(word, (lower.get(word) ?? 0) + 1);
      else if (!SENTENCE_START.test(text.slice(Math.max(0, match.index - 8), match.index))) capital.set(word, (capital.get(word) ?? 0) + 1);
    }
  }
  const isCategoryWord = (word: string): boolean => (lower.get(word) ?? 0) > (capital.get(word) ?? 0);
  return names.filter((name) => {
    const words = wordsOf(name);
    return words.length === 0 || !words.every(isCategoryWord);
  });
}
