import { buildConversationQuery, expandPassages, search, searchConversation, searchText, searchVector, type Passage } from '@threadline/knowledge';
import type { Conversation, RetrievalQuery, RetrievalView } from '../datasets/types.js';
import { mean } from '../metrics/aggregate.js';
import { summarizeLatency } from '../metrics/latency.js';
import { dedupe, hitAtK, ndcgAtK, recallAtK, reciprocalRank } from '../metrics/retrieval.js';
import { BASELINES, RETRIEVAL_METHODS, type RetrievalMethod, type RetrievalMethodResult, type RetrievalMetric, type RetrievalViewResult } from '../results.js';
import { ANSWER_PASSAGES, HYBRID_CANDIDATES, RANK_DEPTH, type RunContext } from './context.js';
import { indexView, type IndexedView } from './index-view.js';
import { buildLangchainBaseline } from './langchain-baseline.js';

/** Rankings of one query by every method, plus the hybrid passages the answer stage reuses. */
export interface QueryRankings {
  query: RetrievalQuery;
  ranked: Record<RetrievalMethod, string[]>;
  /** Search time per method, ms. */
  latencyMs: Record<RetrievalMethod, number>;
  hybridPassages: Passage[];
}

/** What the legacy figure measured: hybrid search on the eval's query, with the entity its own finder named as the subject. */
export const LEGACY_LABEL = "hybrid on the eval's old query, its own entity finder's pick as the subject";

/** Query embeddings timed on the real model, this many per view (the cache would hide them otherwise). */
const EMBED_TIMING_SAMPLE = 200;

/** Recall@1/5/10, hit@5, MRR and nDCG@10 of one method over a view's queries. */
export function rankingMetrics(rankings: ReadonlyArray<{ gold: ReadonlySet<string>; ranked: readonly string[] }>): Record<RetrievalMetric, ReturnType<typeof mean>> {
  const over = (name: string, score: (ranked: readonly string[], gold: ReadonlySet<string>) => number) =>
    mean(name, rankings.map(({ ranked, gold }) => score(ranked, gold)));
  return {
    'recall@1': over('recall@1', (ranked, gold) => recallAtK(ranked, gold, 1)),
    'recall@5': over('recall@5', (ranked, gold) => recallAtK(ranked, gold, 5)),
    'recall@10': over('recall@10', (ranked, gold) => recallAtK(ranked, gold, 10)),
    'hit@5': over('hit@5', (ranked, gold) => hitAtK(ranked, gold, 5)),
    mrr: over('mrr', (ranked, gold) => reciprocalRank(ranked, gold, 10)),
    'ndcg@10': over('ndcg@10', (ranked, gold) => ndcgAtK(ranked, gold, 10)),
  };
}

/** The query the product builds for a conversation on this view's knowledge (`buildConversationQuery`). */
export function productQuery(indexed: IndexedView, conversation: Conversation): string {
  return buildConversationQuery(conversation, indexed.entities).query;
}

/**
 * Hybrid search as the agent pipeline runs it: the product's query from the ticket and its history,
 * the passages about the entity the conversation names first, best first.
 */
export async function hybridSearch(context: RunContext, indexed: IndexedView, conversation: Conversation, k: number): Promise<Passage[]> {
  const { passages } = await searchConversation({
    db: context.db,
    tenantId: indexed.tenantId,
    conversation,
    entities: indexed.entities,
    embedder: context.embedder,
    k,
    candidates: HYBRID_CANDIDATES,
    filters: { sourceIds: indexed.sourceIds, visibility: 'public' },
  });
  return passages;
}

/** Hybrid search on a ready-made query string (the legacy figure: the eval's entity as the subject). */
function hybridSearchText(context: RunContext, indexed: IndexedView, query: string, k: number): Promise<Passage[]> {
  return search({ db: context.db, tenantId: indexed.tenantId, query, embedder: context.embedder, k, candidates: HYBRID_CANDIDATES, filters: { sourceIds: indexed.sourceIds, visibility: 'public' } });
}

export function keysOf(indexed: IndexedView, passages: readonly Passage[]): string[] {
  return dedupe(passages.map((passage) => indexed.keyOfDocument.get(passage.documentId) ?? `unknown:${passage.documentId}`));
}

/**
 * Indexes a view through the real ingestion path, builds the LangChain baseline over the same
 * documents and embedder, and runs every query through hybrid, full-text, vector and LangChain
 * retrieval, timing each search.
 */
export async function runRetrievalView(context: RunContext, view: RetrievalView): Promise<{ result: RetrievalViewResult; rankings: QueryRankings[]; indexed: IndexedView }> {
  const { db, embedder, progress } = context;
  const indexed = await indexView({ db, view, embedder, progress, done: context.ingested });
  context.indexed.set(view.id, indexed);

  const documents = view.sources.flatMap((source) => source.documents);
  const lcBar = progress.start(`${view.id} · langchain baseline`, documents.length);
  const langchain = await buildLangchainBaseline(documents, embedder, (done, total) => lcBar.update(done, total));
  lcBar.stop();

  const queries = new Map(view.queries.map((query) => [query, productQuery(indexed, query)]));
  const textOf = (query: RetrievalQuery): string => queries.get(query) ?? query.latestMessage;
  // Real query-embedding latency on the model, then fill the cache so searches time the database only.
  for (const query of view.queries.slice(0, EMBED_TIMING_SAMPLE)) {
    await context.timer.time('query embedding', () => embedder.inner.embed([textOf(query)], { inputType: 'query' }));
  }
  const embedBar = progress.start(`${view.id} · embed queries`, view.queries.length);
  for (let start = 0; start < view.queries.length; start += 64) {
    const slice = view.queries.slice(start, start + 64);
    await embedder.embed(slice.map(textOf), { inputType: 'query' });
    embedBar.update(start + slice.length);
  }
  embedBar.stop();

  const timed = async <T>(latency: Record<RetrievalMethod, number>, method: RetrievalMethod, fn: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const value = await fn();
    const ms = performance.now() - started;
    latency[method] = ms;
    context.timer.record(`search: ${method}`, ms);
    return value;
  };
  const filters = { sourceIds: indexed.sourceIds, visibility: 'public' as const };
  const rankings: QueryRankings[] = [];
  const legacy: Array<{ gold: ReadonlySet<string>; ranked: string[] }> = [];
  const bar = progress.start(`${view.id} · retrieve (${view.queries.length} queries × 4)`, view.queries.length);
  for (const query of view.queries) {
    const text = textOf(query);
    const latencyMs: Record<RetrievalMethod, number> = { hybrid: 0, text: 0, vector: 0, langchain: 0 };
    const hybrid = await timed(latencyMs, 'hybrid', () => hybridSearch(context, indexed, query, RANK_DEPTH));
    const fullText = await timed(latencyMs, 'text', () => searchText({ db, tenantId: indexed.tenantId, query: text, k: RANK_DEPTH, filters }));
    const vector = await timed(latencyMs, 'vector', () => searchVector({ db, tenantId: indexed.tenantId, query: text, embedder, k: RANK_DEPTH, filters }));
    const lc = await timed(latencyMs, 'langchain', () => langchain.search(text, RANK_DEPTH));
    if (query.legacyQuery !== undefined) legacy.push({ gold: query.gold, ranked: keysOf(indexed, await hybridSearchText(context, indexed, query.legacyQuery, RANK_DEPTH)) });
    rankings.push({
      query,
      ranked: { hybrid: keysOf(indexed, hybrid), text: keysOf(indexed, fullText), vector: keysOf(indexed, vector), langchain: dedupe(lc) },
      latencyMs,
      // What the answer engine reads: the top passages with their section neighbours, as the server sends them.
      hybridPassages: await expandPassages(db, indexed.tenantId, hybrid.slice(0, ANSWER_PASSAGES)),
    });
    bar.increment();
  }
  bar.stop();

  return {
    result: {
      id: view.id,
      title: view.title,
      description: view.description,
      queries: view.queries.length,
      corpus: { documents: indexed.documents, chunks: indexed.chunks, meanChunkChars: indexed.meanChunkChars, langchainChunks: langchain.chunkCount },
      ...scoreMethods(view.id, rankings),
      ...(legacy.length > 0 ? { legacy: { label: LEGACY_LABEL, queries: legacy.length, metrics: rankingMetrics(legacy) } } : {}),
    },
    rankings,
    indexed,
  };
}

/** Every method's ranking metrics and search latency, and hybrid's lead over the best baseline on recall@5. */
function scoreMethods(label: string, rankings: readonly QueryRankings[]): Pick<RetrievalViewResult, 'methods' | 'recall5Lead'> {
  const methods = Object.fromEntries(
    RETRIEVAL_METHODS.map((method): [RetrievalMethod, RetrievalMethodResult] => [
      method,
      {
        metrics: rankingMetrics(rankings.map((ranking) => ({ gold: ranking.query.gold, ranked: ranking.ranked[method] }))),
        latency: summarizeLatency(`${label} ${method} search`, rankings.map((ranking) => ranking.latencyMs[method])),
      },
    ]),
  ) as Record<RetrievalMethod, RetrievalMethodResult>;
  const best = BASELINES.reduce((a, b) => (methods[b].metrics['recall@5'].value > methods[a].metrics['recall@5'].value ? b : a));
  return { methods, recall5Lead: { bestBaseline: best, points: 100 * (methods.hybrid.metrics['recall@5'].value - methods[best].metrics['recall@5'].value) } };
}

/** Pools several views' rankings into one (hint3's three bots reported together as well as apart). */
export function pooledResult(input: { id: string; title: string; description: string; parts: Array<{ result: RetrievalViewResult; rankings: QueryRankings[] }> }): RetrievalViewResult {
  const rankings = input.parts.flatMap((part) => part.rankings);
  const sum = (pick: (result: RetrievalViewResult) => number) => input.parts.reduce((total, part) => total + pick(part.result), 0);
  return {
    id: input.id,
    title: input.title,
    description: input.description,
    queries: rankings.length,
    corpus: {
      documents: sum((result) => result.corpus.documents),
      chunks: sum((result) => result.corpus.chunks),
      meanChunkChars: sum((result) => result.corpus.meanChunkChars * result.corpus.chunks) / Math.max(1, sum((result) => result.corpus.chunks)),
      langchainChunks: sum((result) => result.corpus.langchainChunks),
    },
    ...scoreMethods(input.id, rankings),
  };
}
