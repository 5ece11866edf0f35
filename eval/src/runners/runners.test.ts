import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHashEmbedder, type SourceDocument } from '@threadline/knowledge';
import { createAnswerEngine } from '@threadline/knowledge/answer';
import { startFakeAnthropic } from '@threadline/knowledge/answer/testing';
import type { Db } from '@threadline/platform/db';
import { chatHistory } from '../datasets/conversation.js';
import type { EscalationView, RetrievalView } from '../datasets/types.js';
import { StageTimer } from '../metrics/latency.js';
import type { ProgressSink } from '../report/progress.js';
import { runAnswers } from './answer-runner.js';
import { createCachingEmbedder } from './caching-embedder.js';
import type { RunContext } from './context.js';
import { openEvalDb } from './eval-db.js';
import { runEscalation } from './escalation-runner.js';
import { runRetrievalView } from './retrieval-runner.js';

const silent: ProgressSink = { start: () => ({ update() {}, increment() {}, stop() {} }), note() {} };

const doc = (externalId: string, title: string, markdown: string): SourceDocument => ({ externalId, title, url: null, locale: 'en', visibility: 'public', updatedAt: null, markdown });

const conversation = (id: string, message: string) => ({
  id,
  subject: '',
  ticketRef: id,
  latestMessage: message,
  history: chatHistory([{ isCustomer: true, text: message }], { ticketRef: id, subject: '' }),
});

const view: RetrievalView = {
  id: 'tiny',
  title: 'tiny view',
  description: '2 questions; 4 articles',
  tenant: 'eval-test-tiny',
  sources: [
    {
      name: 'articles',
      documents: [
        doc('refunds', 'Refunds', 'Refunds to a card take five to ten business days after we receive the returned parcel.'),
        doc('shipping', 'Shipping to Canada', 'We ship to Canada with tracked delivery; shipping costs 12 dollars and takes a week.'),
        doc('sizes', 'Exchanging sizes', 'Exchange boots for another size free of charge within thirty days of delivery.'),
        doc('warranty', 'Warranty', 'Jackets carry a two year warranty covering broken zippers and seams.'),
      ],
    },
  ],
  queries: [
    { ...conversation('q1', 'How long does a refund to my card take?'), gold: new Set(['refunds']), reference: 'Refunds reach your card in five to ten business days.' },
    { ...conversation('q2', 'Do you ship to Canada and what does shipping cost?'), gold: new Set(['shipping']), reference: 'Yes, shipping to Canada costs 12 dollars.' },
  ],
};

let db: Db;
let context: RunContext;

beforeAll(async () => {
  db = await openEvalDb({ kind: 'pglite' });
  context = {
    db,
    openScratchDb: () => openEvalDb({ kind: 'pglite' }),
    embedder: createCachingEmbedder(createHashEmbedder()),
    engines: { offline: createAnswerEngine({}) },
    modelSample: 1,
    progress: silent,
    timer: new StageTimer(),
    indexed: new Map(),
    ingested: new Set(),
    notes: [],
  };
});

afterAll(async () => {
  await db.close();
});

describe('runners on a tiny hand-made view', () => {
  it('ranks through the real ingestion and search paths and scores every method on every question', async () => {
    const { result, rankings } = await runRetrievalView(context, view);
    expect(result.corpus).toMatchObject({ documents: 4, chunks: 4, langchainChunks: 4 });
    for (const method of ['hybrid', 'text', 'vector', 'langchain'] as const) {
      expect(result.methods[method].metrics['recall@5'].n).toBe(2);
      expect(result.methods[method].latency.p95.n).toBe(2);
    }
    expect(result.methods.hybrid.metrics['recall@5'].value).toBe(1);
    expect(rankings[0]?.ranked.hybrid[0]).toBe('refunds');

    const [answers] = await runAnswers(context, view.id, rankings);
    expect(answers?.path).toBe('offline');
    expect(answers?.questions).toBe(2);
    expect(answers?.overlap?.n).toBeGreaterThan(0);
  });

  it('scores escalation decisions with every gold category counted', async () => {
    const escalation: EscalationView = {
      id: 'tiny-escalation',
      title: 'tiny escalation',
      description: '3 messages',
      cases: [
        { ...conversation('e1', 'How long does a refund to my card take?'), shouldEscalate: false, category: 'in-scope', viewId: 'tiny' },
        { ...conversation('e2', 'I will sue you, my lawyer is calling'), shouldEscalate: true, category: 'out-of-scope', viewId: 'tiny' },
        { ...conversation('e3', 'qwerty zxcv'), shouldEscalate: true, category: 'out-of-scope', viewId: 'tiny' },
      ],
    };
    const [result] = await runEscalation(context, escalation);
    expect(result?.counts.truePositive).toBeGreaterThanOrEqual(1);
    expect(result?.byCategory['out-of-scope']?.n).toBe(2);
    expect(result?.escalationReasons['blocked-topic:legal']).toBe(1);
  });

  it('runs the Claude path on a labelled sample when it has an engine for it', async () => {
    const fake = await startFakeAnthropic({ latencyMs: 0 });
    try {
      const claude = createAnswerEngine({ anthropic: { apiKey: fake.apiKey, baseURL: fake.url, maxRetries: 0 } });
      const withClaude: RunContext = { ...context, engines: { offline: context.engines.offline, model: claude }, modelSample: 1 };
      const { rankings } = await runRetrievalView(withClaude, view);
      const results = await runAnswers(withClaude, view.id, rankings);
      expect(results.map((result) => [result.path, result.questions])).toEqual([
        ['offline', 2],
        ['claude', 1],
      ]);
      expect(results[1]?.model).toBe(claude.model);
      expect(fake.requests.length).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('fails a view without questions instead of reporting an empty metric', async () => {
    await expect(runRetrievalView(context, { ...view, id: 'empty', queries: [] })).rejects.toMatchObject({ code: 'EVAL_METRIC_EMPTY' });
  });
});
