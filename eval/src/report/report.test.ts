import { describe, expect, it } from 'vitest';
import type { EvalResults, RetrievalMethodResult } from '../results.js';
import { renderCharts } from './charts.js';
import { headline, renderMarkdown } from './markdown.js';
import { renderTerminal } from './terminal.js';

const m = (value: number, n = 10) => ({ value, n });
const method = (recall5: number, p95: number): RetrievalMethodResult => ({
  metrics: { 'recall@1': m(recall5 / 2), 'recall@5': m(recall5), 'recall@10': m(recall5), 'hit@5': m(recall5), mrr: m(recall5 / 1.5), 'ndcg@10': m(recall5 / 1.2) },
  latency: { p50: m(p95 / 2), p95: m(p95), mean: m(p95 / 2) },
});

const results: EvalResults = {
  schema: 'threadline-eval/1',
  date: '2025-01-02',
  mode: 'full',
  machine: { cpus: 2, cpuModel: 'Test CPU', memoryGb: 8, node: 'v20.0.0', platform: 'linux-x64' },
  embedder: { model: 'hash:v1', dimensions: 512, provider: 'hash', cacheHits: 1, cacheMisses: 2, embedSeconds: 0.1 },
  database: 'PGlite (in memory)',
  retrieval: [
    {
      id: 'view-a',
      title: 'View A',
      description: '10 questions',
      queries: 10,
      corpus: { documents: 5, chunks: 6, meanChunkChars: 120, langchainChunks: 5 },
      methods: { hybrid: method(0.8, 12), text: method(0.6, 4), vector: method(0.7, 5), langchain: method(0.7, 1) },
      recall5Lead: { bestBaseline: 'vector', points: 10 },
    },
  ],
  answers: [
    { viewId: 'view-a', path: 'offline', questions: 10, actions: { reply: 2, draft: 7, escalate: 1 }, citationRate: m(1, 9), grounding: m(0.9, 20), overlap: m(0.2, 9), evidencePrecision: m(0.8, 9), repeatedSentences: 0, repeatedSources: 0, latency: { p50: m(1), p95: m(3), mean: m(1) } },
  ],
  escalation: [
    {
      id: 'esc-a',
      title: 'Escalation A',
      description: '10 messages',
      path: 'offline',
      counts: { truePositive: 3, falsePositive: 1, falseNegative: 2, trueNegative: 4 },
      metrics: { precision: m(0.75, 4), recall: m(0.6, 5), f1: m(2 / 3), falseAnswerRate: m(0.4, 5), falseEscalationRate: m(0.2, 5), accuracy: m(0.7) },
      byCategory: { 'in-scope': { n: 5, escalated: m(0.2, 5) }, 'out-of-scope': { n: 5, escalated: m(0.6, 5) } },
      escalationReasons: { 'very-low-confidence': 4 },
      confidenceSweep: [{ threshold: 0.5, escalated: 6, precision: 0.5, recall: 0.6, f1: 0.545 }],
      calibration: { seed: 17, tune: { n: 5, precision: 0.75, recall: 0.6, f1: 0.667 }, check: { n: 5, precision: 0.7, recall: 0.6, f1: 0.646 }, tuned: { cut: 0.55, tuneF1: 0.7, checkF1: 0.62 } },
    },
  ],
  sweep: {
    views: ['view-a'],
    configs: [
      { maxChars: 300, overlapChars: 0, views: { 'view-a': { chunks: 9, meanChunkChars: 200, recall5: m(0.8), mrr: m(0.6), ndcg10: m(0.7) } }, score: 0.8 },
      { maxChars: 800, overlapChars: 100, views: { 'view-a': { chunks: 6, meanChunkChars: 400, recall5: m(0.7), mrr: m(0.6), ndcg10: m(0.7) } }, score: 0.7 },
    ],
    winner: { maxChars: 300, overlapChars: 0 },
    current: { maxChars: 800, overlapChars: 100 },
  },
  stages: { 'search: hybrid': { p50: m(6), p95: m(12), mean: m(7) } },
  ingestion: [{ tenant: 'eval-a', source: 'articles', documents: 5, documentsChanged: 5, chunks: 6, chunksWritten: 6, chunksEmbedded: 6, seconds: 1, chunksPerSecond: 6 }],
  notes: ['a note'],
  durationSeconds: 60,
};

describe('reports', () => {
  it('prints every figure beside the baselines with the ratio and the lead', () => {
    const text = renderTerminal(results);
    expect(text).toContain('recall@5');
    expect(text).toMatch(/0\.800\s+0\.600\s+1\.33×\s+0\.700\s+1\.14×\s+0\.700\s+1\.14×/);
    expect(text).toContain('hybrid beats the best baseline (vector only) by +10.0 pts');
    expect(text).toContain('winner: maxChars 300, overlapChars 0');
  });

  it('writes a Markdown report that links its charts and states the headline', () => {
    const charts = renderCharts(results);
    expect(Object.keys(charts).sort()).toEqual(['escalation', 'retrieval-latency', 'retrieval-mrr', 'retrieval-recall5', 'stages', 'sweep']);
    const files = Object.fromEntries(Object.keys(charts).map((name) => [name, `2025-01-02-${name}.svg`]));
    const markdown = renderMarkdown(results, files);
    expect(markdown).toContain('![recall@5 by view](2025-01-02-retrieval-recall5.svg)');
    expect(markdown).toContain('| recall@5 | 0.800 | 0.600 | 1.33× |');
    expect(markdown).toContain('**Winner: `maxChars 300`, `overlapChars 0`**');
    expect(headline(results)[0]).toContain('+10.0 pts');
    expect(headline(results).join('\n')).toContain('check half (5): F1 64.6%');
    expect(headline(results).join('\n')).toContain('the tune half alone would cut at 0.55 (F1 70.0% tune, 62.0% check)');
    expect(markdown).toContain('| 80.0% of 9 | 0 / 0 |');
  });
});
