import { toVectorSql, type Db } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { article, countingEmbedder, createSource, createTenant, iterate, migratedDb } from '../../test/index-helpers.js';
import type { Embedder } from '../embeddings/embedder.js';
import { createHashEmbedder } from '../embeddings/hash-embedder.js';
import { ingestDocuments } from '../ingest/ingest-documents.js';
import type { SourceDocument } from '../types.js';
import type { Passage } from './passage.js';
import { reciprocalRankFusion, search } from './search.js';
import { searchText } from './search-text.js';
import { EXACT_SEARCH_MAX_CHUNKS, prepareVectorSearch, searchVector, vectorSearchQuery, vectorSearchSettings } from './search-vector.js';

/**
 * A toy semantic embedder: words map to concepts (refund, sign-in, delivery, payment, gift,
 * account), so paraphrases meet in vector space while rare tokens such as error codes are
 * invisible to it — the two failure modes hybrid retrieval is meant to cover.
 */
const CONCEPTS: Record<string, number> = {
  refund: 0, reimburse: 0, return: 0, money: 0, back: 0,
  password: 1, log: 1, sign: 1, credentials: 1, locked: 1,
  delivery: 2, parcel: 2, parcels: 2, arrive: 2, courier: 2,
  payment: 3, paying: 3, card: 3, checkout: 3, charge: 3,
  gift: 4, voucher: 4, vouchers: 4,
  account: 5, affected: 5,
};

function conceptEmbedder(): Embedder {
  return {
    model: 'concepts:v1',
    dimensions: 8,
    async embed(texts) {
      return texts.map((text) => {
        const vector = new Array<number>(8).fill(0);
        vector[7] = 0.05;
        for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
          const concept = CONCEPTS[word];
          if (concept !== undefined) vector[concept] = (vector[concept] ?? 0) + 1;
        }
        const norm = Math.hypot(...vector);
        return vector.map((value) => value / norm);
      });
    },
  };
}

const handMade = (): SourceDocument[] => [
  article('refund', 'Refund policy', 'We reimburse purchases within 14 days of the return.'),
  article('gift', 'Gift vouchers', 'Gift vouchers cannot be exchanged for money. You get the voucher back only if unused.'),
  article('error', 'Declined payments', 'Error E1234 means the bank declined the charge; your account is not affected.'),
  article('methods', 'Payment methods', 'We accept card payment at checkout.'),
  article('fees', 'Card fees', 'Paying by card at checkout has no fee.'),
  article('delivery', 'Delivery times', 'Parcels arrive within three days by courier.'),
  article('signin', 'Sign-in problems', 'If you are locked out, reset your credentials from the sign in page.'),
];

const questions: { query: string; answer: string }[] = [
  { query: 'how do I get my money back', answer: 'Refund policy' },
  { query: 'error E1234 when paying', answer: 'Declined payments' },
  { query: 'parcel delivery time', answer: 'Delivery times' },
  { query: 'I cannot log in', answer: 'Sign-in problems' },
];

function recallAt(k: number, results: Passage[][]): number {
  return results.filter((passages, index) => passages.slice(0, k).some((passage) => passage.title === questions[index]?.answer)).length;
}

describe.each(testDatabases())('retrieval on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;
  let sourceId: string;

  beforeAll(async () => {
    db = await migratedDb(create);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    tenantId = await createTenant(db);
    sourceId = await createSource(db, tenantId);
  });

  it('hybrid fusion finds at least as many answers in the top 2 as vector or full text alone', async () => {
    const embedder = conceptEmbedder();
    await ingestDocuments({ db, tenantId, sourceId, documents: iterate(handMade()), embedder, chunking: { embedHeadings: false } });
    const run = (fn: (query: string) => Promise<Passage[]>) => Promise.all(questions.map(({ query }) => fn(query)));
    const vector = await run((query) => searchVector({ db, tenantId, query, embedder, k: 2 }));
    const text = await run((query) => searchText({ db, tenantId, query, k: 2 }));
    const hybrid = await run((query) => search({ db, tenantId, query, embedder, k: 2 }));
    const scores = { vector: recallAt(2, vector), text: recallAt(2, text), hybrid: recallAt(2, hybrid) };
    // Each method alone misses something (synonyms for text, the error code for vectors) …
    expect(scores.vector).toBeLessThan(questions.length);
    expect(scores.text).toBeLessThan(questions.length);
    // … and fusion is at least as good as the better of the two.
    expect(scores.hybrid).toBeGreaterThanOrEqual(Math.max(scores.vector, scores.text));
    expect(scores).toEqual({ vector: 3, text: 2, hybrid: 4 });
  });

  it('returns passages with title, section path, URL and the scores of both searches', async () => {
    const embedder = createHashEmbedder();
    await ingestDocuments({
      db,
      tenantId,
      sourceId,
      embedder,
      documents: iterate([article('cards', 'Refund policy', '## Cards\n\nCard refunds take five days.', { sectionPath: ['Billing'] })]),
    });
    const [passage] = await search({ db, tenantId, query: 'card refunds', embedder, k: 3 });
    expect(passage).toMatchObject({
      title: 'Refund policy',
      sectionPath: ['Billing', 'Cards'],
      url: 'https://help.example.com/cards',
      content: 'Card refunds take five days.',
      locale: 'en',
      visibility: 'public',
      sourceId,
    });
    expect(passage?.scores.vector).toBeGreaterThan(0.3);
    expect(passage?.scores.text).toBeGreaterThan(0);
    expect(passage?.scores.fused).toBeCloseTo(2 / 61, 6);
  });

  it('filters by source, language and visibility (public only unless asked)', async () => {
    const embedder = createHashEmbedder();
    const otherSource = await createSource(db, tenantId, 'Macros');
    await ingestDocuments({
      db,
      tenantId,
      sourceId,
      embedder,
      documents: iterate([
        article('en', 'Refunds', 'Refunds take five days.'),
        article('es', 'Reembolsos', 'Los reembolsos tardan cinco días. Refunds.', { locale: 'es-ES' }),
      ]),
    });
    await ingestDocuments({
      db,
      tenantId,
      sourceId: otherSource,
      embedder,
      documents: iterate([article('macro', 'Refund macro', 'Internal: refunds above 100 EUR need approval.', { visibility: 'internal', url: null })]),
    });
    const titles = async (filters: Parameters<typeof search>[0]['filters']) =>
      (await search({ db, tenantId, query: 'refunds', embedder, k: 10, ...(filters ? { filters } : {}) })).map((passage) => passage.title).sort();
    expect(await titles(undefined)).toEqual(['Reembolsos', 'Refunds']);
    expect(await titles({ visibility: 'any' })).toEqual(['Reembolsos', 'Refund macro', 'Refunds']);
    expect(await titles({ visibility: 'any', sourceIds: [otherSource] })).toEqual(['Refund macro']);
    expect(await titles({ locale: 'es-MX' })).toEqual(['Reembolsos']);
    expect(await titles({ locale: 'en-GB', visibility: 'any' })).toEqual(['Refund macro', 'Refunds']);
    expect(await titles({ sourceIds: ['not-a-uuid'] })).toEqual([]);
  });

  it('stems the query in the language of the documents', async () => {
    const embedder = createHashEmbedder();
    await ingestDocuments({
      db,
      tenantId,
      sourceId,
      embedder,
      documents: iterate([
        article('es', 'Devoluciones', 'Las devoluciones de tarjetas tardan cinco días hábiles.', { locale: 'es' }),
        article('en', 'Shipping', 'Shipping to Spain takes three days.'),
      ]),
    });
    // "devolución" and "tarjeta" only match "devoluciones"/"tarjetas" through the Spanish stemmer.
    const withLocale = await searchText({ db, tenantId, query: 'devolución tarjeta', k: 5, filters: { locale: 'es' } });
    expect(withLocale.map((passage) => passage.title)).toEqual(['Devoluciones']);
    const guessed = await searchText({ db, tenantId, query: 'devolución tarjeta', k: 5 });
    expect(guessed.map((passage) => passage.title)).toEqual(['Devoluciones']);
    const english = await searchText({ db, tenantId, query: 'ships', k: 5, queryLocale: 'en' });
    expect(english.map((passage) => passage.title)).toEqual(['Shipping']);
  });

  it('matches any word by default, every word in "all" mode, and the user syntax in "websearch" mode', async () => {
    const embedder = createHashEmbedder();
    await ingestDocuments({
      db,
      tenantId,
      sourceId,
      embedder,
      documents: iterate([article('a', 'Cards', 'Card refunds take five days.'), article('b', 'PayPal', 'PayPal refunds are instant.')]),
    });
    const titles = async (query: string, mode: 'any' | 'all' | 'websearch') =>
      (await searchText({ db, tenantId, query, k: 5, mode })).map((passage) => passage.title).sort();
    expect(await titles('card refunds', 'any')).toEqual(['Cards', 'PayPal']);
    expect(await titles('card refunds', 'all')).toEqual(['Cards']);
    expect(await titles('refunds -paypal', 'websearch')).toEqual(['Cards']);
    expect(await titles('the of and', 'any')).toEqual([]);
  });

  it('leaves words most chunks contain out of an "any" query, but always keeps the two rarest', async () => {
    const embedder = createHashEmbedder();
    const own = await createTenant(db);
    const ownSource = await createSource(db, own);
    const documents = Array.from({ length: 30 }, (_, index) => article(`w${index}`, `Widget ${index}`, `The widget manual, part ${index}.`));
    documents.push(article('refund', 'Widget refunds', 'A widget refund takes five days.'), article('courier', 'Couriers', 'The courier calls ahead.'));
    await ingestDocuments({ db, tenantId: own, sourceId: ownSource, embedder, documents: iterate(documents) });
    await db.exec('analyze kb_chunks');
    const titles = async (query: string, commonWords?: { share: number; rows: number } | false) =>
      (await searchText({ db, tenantId: own, query, k: 50, ...(commonWords === undefined ? {} : { commonWords }) })).map((passage) => passage.title).sort();
    const strict = { share: 0.2, rows: 10 };
    // "widget" is in most chunks: left out, the rarer words decide.
    expect(await titles('widget refund courier', strict)).toEqual(['Couriers', 'Widget refunds']);
    // Alone (or with one other word) it stays, so the query still finds something.
    expect(await titles('widget', strict)).toHaveLength(31);
    // Kept when told to, and by default on an index this small.
    expect(await titles('widget refund courier', false)).toHaveLength(32);
    expect(await titles('widget refund courier')).toHaveLength(32);
  });

  it('never returns another tenant’s chunks, and never lends it cached vectors', async () => {
    const tenantB = await createTenant(db);
    const sourceB = await createSource(db, tenantB);
    const embedderA = countingEmbedder(createHashEmbedder());
    const embedderB = countingEmbedder(createHashEmbedder());
    const shared = article('same', 'Shared wording', 'Refunds take five business days.');
    await ingestDocuments({ db, tenantId, sourceId, embedder: embedderA, documents: iterate([shared, article('secret', 'Acme secret', 'Acme internal discount code ACME50.')]) });
    await ingestDocuments({ db, tenantId: tenantB, sourceId: sourceB, embedder: embedderB, documents: iterate([shared]) });
    // B embedded its copy itself: A's cache entry for the same text is not B's.
    expect(embedderB.documentTexts).toEqual(['Shared wording\nRefunds take five business days.']);

    const forB = await search({ db, tenantId: tenantB, query: 'Acme internal discount code ACME50 refunds', embedder: embedderB, k: 10, filters: { visibility: 'any' } });
    expect(forB.map((passage) => passage.title)).toEqual(['Shared wording']);
    expect(forB.every((passage) => passage.sourceId === sourceB)).toBe(true);
    const vectorB = await searchVector({ db, tenantId: tenantB, query: 'ACME50', embedder: embedderB, k: 10 });
    expect(vectorB.every((passage) => passage.sourceId === sourceB)).toBe(true);
    const textB = await searchText({ db, tenantId: tenantB, query: 'ACME50', k: 10 });
    expect(textB).toEqual([]);
  });

  it('plans a large tenant’s vector search on the HNSW index of the model’s dimension, a small one’s and the exact form as a sort, and searches below the exact limit return the exact nearest', async () => {
    const embedder = createHashEmbedder();
    await ingestDocuments({ db, tenantId, sourceId, embedder, documents: iterate([article('a', 'A', 'Some text.')]) });
    const documentId = (await db.query<{ id: string }>('select id from kb_documents where tenant_id = $1', [tenantId])).rows[0]?.id;
    const small = await createTenant(db);
    const smallSource = await createSource(db, small);
    await ingestDocuments({ db, tenantId: small, sourceId: smallSource, embedder, documents: iterate([article('b', 'B', 'Other text.')]) });
    // 1,000 synthetic chunks with random vectors for the large tenant (faster than ingesting them).
    await db.query(
      `insert into kb_chunks (id, tenant_id, document_id, source_id, position, content, content_hash, char_count, token_count,
                              locale, visibility, text_config, embedding, embedding_model, embedding_dims)
       select gen_random_uuid(), $1, $2, $3, g.i, 'synthetic ' || g.i, md5(g.i::text), 12, 3, 'en', 'public', 'english',
              (select array_agg(random()::real) from generate_series(1, 512) where g.i > 0)::vector, 'hash:v1', 512
         from generate_series(1, 1000) as g(i)`,
      [tenantId, documentId, sourceId],
    );
    await db.exec('analyze kb_chunks; analyze kb_documents');
    const planFor = async (tenant: string, exact = false): Promise<string> => {
      const query = vectorSearchQuery({ tenantId: tenant, model: embedder.model, dims: 512, vector: new Array(512).fill(0.01), k: 50, exact });
      return db.transaction(async (tx) => {
        const settings = vectorSearchSettings(512, 50);
        await tx.query(settings.sql, settings.params);
        const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`explain ${query?.sql ?? ''}`, query?.params ?? []);
        return rows.map((row) => row['QUERY PLAN']).join('\n');
      });
    };
    expect(await planFor(tenantId)).toContain('Index Scan using kb_chunks_embedding_512_hnsw');
    // The search's own statement before the query counts the chunks and applies the same settings.
    const prepared = await db.transaction(async (tx) => {
      const isExact = await prepareVectorSearch(tx, { tenantId, model: embedder.model, dims: 512, k: 50 });
      const { rows } = await tx.query<{ ef: string; cost: string }>(`select current_setting('hnsw.ef_search') as ef, current_setting('cpu_operator_cost') as cost`);
      return { isExact, ...rows[0] };
    });
    expect(prepared).toEqual({ isExact: true, ef: vectorSearchSettings(512, 50).params[0], cost: vectorSearchSettings(512, 50).params[1] });
    expect(await planFor(small)).not.toContain('kb_chunks_embedding_512_hnsw');
    // The exact form never takes the HNSW index, however large the tenant.
    expect(await planFor(tenantId, true)).not.toContain('kb_chunks_embedding_512_hnsw');
    // 1,001 chunks is below the exact limit: searchVector returns exactly the nearest 50, as a sort of every distance does.
    expect(EXACT_SEARCH_MAX_CHUNKS).toBeGreaterThan(1001);
    const hits = await searchVector({ db, tenantId, query: 'synthetic', embedder, k: 50 });
    expect(hits).toHaveLength(50);
    const queryVector = toVectorSql((await embedder.embed(['synthetic'], { inputType: 'query' }))[0] as ArrayLike<number>);
    const { rows: nearest } = await db.query<{ id: string }>(
      `select id from kb_chunks where tenant_id = $1 order by embedding <=> $2::vector, content_hash limit 50`,
      [tenantId, queryVector],
    );
    expect(hits.map((passage) => passage.chunkId)).toEqual(nearest.map((row) => row.id));
  }, 600_000);

  it('fuses ranked lists by reciprocal rank', () => {
    const passage = (id: string): Passage => ({
      chunkId: id,
      documentId: id,
      sourceId: 's',
      title: id,
      sectionPath: [],
      url: null,
      content: id,
      locale: 'en',
      visibility: 'public',
      scores: { vector: null, text: null, fused: 0 },
      ranks: { vector: null, text: null },
    });
    const ranked = (side: 'vector' | 'text', ids: string[]) => ids.map((id, index) => ({ ...passage(id), ranks: { vector: null, text: null, [side]: index + 1 } }));
    const fused = reciprocalRankFusion([ranked('vector', ['a', 'b', 'c']), ranked('text', ['c', 'd'])], { k: 3 });
    expect(fused.map((entry) => entry.chunkId)).toEqual(['c', 'a', 'b']);
    expect(fused[0]?.scores.fused).toBeCloseTo(1 / 63 + 1 / 61, 10);
    // Why each ranked there: its place in each list before fusion.
    expect(fused.map((entry) => entry.ranks)).toEqual([
      { vector: 3, text: 1 },
      { vector: 1, text: null },
      { vector: 2, text: null },
    ]);
    // A copy of a passage from another source (same title, section and text) counts as that passage.
    const copy = { ...passage('copy-of-a'), title: 'a', content: 'a', ranks: { vector: null, text: 1 } };
    const merged = reciprocalRankFusion([ranked('vector', ['a', 'b']), [copy]], { k: 3 });
    expect(merged.map((entry) => [entry.chunkId, entry.ranks])).toEqual([
      ['a', { vector: 1, text: 1 }],
      ['b', { vector: 2, text: null }],
    ]);
  });
});
