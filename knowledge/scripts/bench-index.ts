/**
 * Benchmarks of the index on this machine (run: `npx tsx knowledge/scripts/bench-index.ts`):
 *  1. the local embedder (Universal Sentence Encoder, WASM, worker thread): texts/s for short
 *     sentences and for chunk-sized texts;
 *  2. ingestion of the dstc11 knowledge base (2,869 FAQs + 1,430 reviews ≈ 4,300 chunks) into
 *     PGlite through `ingestDocuments` with the local embedder: chunks/s;
 *  3. top-5 latency (p50/p95) of `search` (hybrid), `searchVector` and `searchText` for 200
 *     customer turns, with the vector query's plan;
 *  4. a rough recall@5 on the FAQ view, a preview only: the eval (issue 8) measures it properly.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { migrate, openDb, platformMigrations } from '@threadline/platform/db';
import {
  createLocalEmbedder,
  createSourcesRepository,
  ingestDocuments,
  knowledgeMigrations,
  search,
  searchText,
  searchVector,
  type Passage,
  type SourceDocument,
} from '../src/index.js';
import { embedQuery, vectorSearchQuery, vectorSearchSettings } from '../src/retrieval/search-vector.js';

const DATA = new URL('../../../shared/datasets/dstc11-track5-kgd/', import.meta.url);

interface Entity {
  name: string;
  faqs: Record<string, { question: string; answer: string }>;
  reviews: Record<string, { sentences: Record<string, string> }>;
}
type Knowledge = Record<string, Record<string, Entity>>;

interface Instance {
  turns: { speaker: string; text: string }[];
  target: boolean;
  knowledge?: { domain: string; entity_id: number; doc_type: string; doc_id: number }[];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const say = (line: string): void => void process.stdout.write(`${line}\n`);

const knowledge = JSON.parse(readFileSync(new URL('knowledge.json', DATA), 'utf8')) as Knowledge;
const documents: SourceDocument[] = [];
for (const [domain, entities] of Object.entries(knowledge)) {
  for (const [entityId, entity] of Object.entries(entities)) {
    for (const [faqId, faq] of Object.entries(entity.faqs)) {
      documents.push({
        externalId: `${domain}/${entityId}/faq/${faqId}`,
        title: entity.name,
        url: null,
        locale: 'en',
        visibility: 'public',
        updatedAt: null,
        sectionPath: [domain],
        markdown: `## ${faq.question}\n\n${faq.answer}`,
      });
    }
    for (const [reviewId, review] of Object.entries(entity.reviews)) {
      documents.push({
        externalId: `${domain}/${entityId}/review/${reviewId}`,
        title: `${entity.name} review`,
        url: null,
        locale: 'en',
        visibility: 'public',
        updatedAt: null,
        sectionPath: [domain],
        markdown: Object.values(review.sentences).join(' '),
      });
    }
  }
}

const instances = readFileSync(new URL('dev.jsonl', DATA), 'utf8')
  .split('\n')
  .filter((line) => line.trim().length > 0)
  .map((line) => JSON.parse(line) as Instance)
  .filter((instance) => instance.target && instance.knowledge?.some((entry) => entry.doc_type === 'faq'))
  .slice(0, 200);

say(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);

// 1. Embedder throughput, with one worker and with one per core.
const workerCount = Number(process.argv.find((arg) => arg.startsWith('--workers='))?.split('=')[1] ?? 1);
const sentences = documents.filter((document) => document.externalId.includes('/faq/')).slice(0, 512).map((document) => document.markdown.split('\n')[0]?.slice(3) ?? '');
const avgSentence = Math.round(sentences.reduce((sum, text) => sum + text.length, 0) / sentences.length);
const chunkTexts = Array.from({ length: 64 }, (_, index) =>
  documents
    .slice(index * 20, index * 20 + 20)
    .map((document) => document.markdown)
    .join(' ')
    .slice(0, 800),
);
for (const workers of [1, 2]) {
  const probe = createLocalEmbedder({ batchSize: 32, workers });
  const info = await probe.ready();
  say(`local embedder (${workers} worker${workers > 1 ? 's' : ''}): backend ${info.backend}, load + warm-up ${info.loadMs} ms`);
  let t = performance.now();
  await probe.embed(sentences);
  say(`  ${(sentences.length / ((performance.now() - t) / 1000)).toFixed(0)} sentences/s (${sentences.length} FAQ questions, avg ${avgSentence} chars, batch 32)`);
  t = performance.now();
  await probe.embed(chunkTexts);
  say(`  ${(chunkTexts.length / ((performance.now() - t) / 1000)).toFixed(1)} chunks/s (800-char chunks, batch 32)`);
  await probe.close();
}
const embedder = createLocalEmbedder({ batchSize: 32, workers: workerCount });
await embedder.ready();
let started: number;

// 2. Ingestion.
const db = await openDb({ driver: 'pglite' });
await migrate(db, [platformMigrations, knowledgeMigrations]);
const tenantId = (await db.query<{ id: string }>(`insert into tenants (slug, name) values ('bench', 'Bench') returning id`)).rows[0]?.id as string;
const source = await createSourcesRepository(db).create({ tenantId, kind: 'file', name: 'dstc11 knowledge' });
async function* all(): AsyncIterable<SourceDocument> {
  yield* documents;
}
started = performance.now();
const result = await ingestDocuments({ db, tenantId, sourceId: source.id, documents: all(), embedder });
const ingestSeconds = (performance.now() - started) / 1000;
say(`ingestion (PGlite, local embedder, ${workerCount} worker(s)): ${result.documentCount} documents, ${result.chunkCount} chunks in ${ingestSeconds.toFixed(1)} s = ${(result.chunkCount / ingestSeconds).toFixed(1)} chunks/s`);
started = performance.now();
const again = await ingestDocuments({ db, tenantId, sourceId: source.id, documents: all(), embedder });
say(`re-sync unchanged: ${again.documentsUnchanged} unchanged, ${again.chunksEmbedded} embedded, ${((performance.now() - started) / 1000).toFixed(1)} s`);

// 3. Latency.
const queries = instances.map((instance) => instance.turns.filter((turn) => turn.speaker === 'U').at(-1)?.text ?? '');
const timings: Record<string, number[]> = { hybrid: [], vector: [], text: [], embed: [] };
const results: Record<string, Passage[][]> = { hybrid: [], vector: [], text: [] };
for (const query of queries.slice(0, 10)) await search({ db, tenantId, query, embedder, k: 5 });
for (const query of queries) {
  let t = performance.now();
  const queryVector = await embedQuery(embedder, query);
  timings.embed?.push(performance.now() - t);
  t = performance.now();
  results.hybrid?.push(await search({ db, tenantId, query, embedder, k: 5 }));
  timings.hybrid?.push(performance.now() - t);
  t = performance.now();
  results.vector?.push(await searchVector({ db, tenantId, query, embedder, k: 5, queryVector }));
  timings.vector?.push(performance.now() - t);
  t = performance.now();
  results.text?.push(await searchText({ db, tenantId, query, k: 5 }));
  timings.text?.push(performance.now() - t);
}
for (const [name, values] of Object.entries(timings)) {
  const label = name === 'hybrid' ? 'search (hybrid, incl. query embedding)' : name === 'vector' ? 'searchVector (vector given)' : name === 'text' ? 'searchText' : 'query embedding alone';
  say(`top-5 ${label}: p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms (${values.length} queries, ${result.chunkCount} chunks, PGlite)`);
}

const probe = vectorSearchQuery({ tenantId, model: embedder.model, dims: embedder.dimensions, vector: await embedQuery(embedder, queries[0] ?? 'x'), k: 50 });
const plan = await db.transaction(async (tx) => {
  const settings = vectorSearchSettings(embedder.dimensions, 50);
  await tx.query(settings.sql, settings.params);
  const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`explain (analyze, costs off) ${probe?.sql ?? ''}`, probe?.params ?? []);
  // The query vector is printed in full by EXPLAIN; keep the plan readable.
  return rows.map((row) => row['QUERY PLAN'].replace(/'\[[^\]]*\]'/g, "'[…]'"));
});
say(`vector query plan:\n  ${plan.join('\n  ')}`);

// 4. Preview of recall@5 on the FAQ view (last customer turn only, no entity context).
const gold = instances.map((instance) => new Set((instance.knowledge ?? []).filter((entry) => entry.doc_type === 'faq').map((entry) => `${entry.domain}/${entry.entity_id}/faq/${entry.doc_id}`)));
const { rows } = await db.query<{ id: string; external_id: string }>('select id, external_id from kb_documents where tenant_id = $1', [tenantId]);
const externalById = new Map(rows.map((row) => [row.id, row.external_id]));
for (const [name, lists] of Object.entries(results)) {
  const hits = lists.filter((passages, index) => passages.some((passage) => gold[index]?.has(externalById.get(passage.documentId) ?? ''))).length;
  say(`preview any-gold@5 (${name}): ${((100 * hits) / lists.length).toFixed(1)}% of ${lists.length} FAQ turns`);
}

await embedder.close();
await db.close();
