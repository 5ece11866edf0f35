import type { AnswerPath } from '@threadline/knowledge/answer';
import type { Measured } from './metrics/aggregate.js';
import type { Confusion, DecisionMetrics } from './metrics/classification.js';
import type { LatencySummary } from './metrics/latency.js';

/** The shapes written to `eval/results/<date>.json`: every figure with the item count it was computed on. */

export const RETRIEVAL_METHODS = ['hybrid', 'text', 'vector', 'langchain'] as const;
export type RetrievalMethod = (typeof RETRIEVAL_METHODS)[number];
export const BASELINES: readonly RetrievalMethod[] = ['text', 'vector', 'langchain'];

export const METHOD_LABELS: Record<RetrievalMethod, string> = {
  hybrid: 'hybrid (Threadline)',
  text: 'full-text only',
  vector: 'vector only',
  langchain: 'langchain splitter + MemoryVectorStore',
};

export const RETRIEVAL_METRICS = ['recall@1', 'recall@5', 'recall@10', 'hit@5', 'mrr', 'ndcg@10'] as const;
export type RetrievalMetric = (typeof RETRIEVAL_METRICS)[number];

export interface RetrievalMethodResult {
  metrics: Record<RetrievalMetric, Measured>;
  /** Search time per query (query embedding excluded: it is its own stage). */
  latency: LatencySummary;
}

export interface RetrievalViewResult {
  id: string;
  title: string;
  description: string;
  queries: number;
  corpus: { documents: number; chunks: number; meanChunkChars: number; langchainChunks: number };
  methods: Record<RetrievalMethod, RetrievalMethodResult>;
  /** Hybrid minus the best baseline on recall@5, in percentage points. */
  recall5Lead: { bestBaseline: RetrievalMethod; points: number };
  /**
   * Hybrid on the query the eval built before the product read conversations (the eval's own
   * entity finder put the entity in the subject): the old figure, beside the new one for one report.
   */
  legacy?: { label: string; queries: number; metrics: Record<RetrievalMetric, Measured> };
}

export interface AnswerViewResult {
  viewId: string;
  /** `offline` (extractive, no model), or the configured model's path (`claude`, `openai`). */
  path: AnswerPath;
  model?: string;
  questions: number;
  actions: { reply: number; draft: number; escalate: number };
  /** Of the answered questions (reply or draft), the share with at least one citation. */
  citationRate: Measured;
  /** Of the graded sentences of answered replies, the share whose content words are in a cited passage. */
  grounding: Measured;
  /** Mean ROUGE-L F of the answered replies against the dataset's reference reply. */
  overlap?: Measured;
  /**
   * Over the same replies, the mean of the best ROUGE-L F that any one sentence of the passages
   * handed to the engine reaches against the reference: what lifting one sentence can score at most.
   */
  overlapCeiling?: Measured;
  /** Of the answered questions that cite something, the share whose cited sentences all come from a gold document. */
  evidencePrecision?: Measured;
  /** Sentences repeated inside one reply, summed over the answered replies (goal 0). */
  repeatedSentences: number;
  /** Extra listings of a source already cited by the same reply, summed (goal 0). */
  repeatedSources: number;
  latency: LatencySummary;
}

export interface EscalationResult {
  id: string;
  title: string;
  description: string;
  path: AnswerPath;
  counts: Confusion;
  metrics: DecisionMetrics;
  /** Per gold category: how many messages, and the share the engine escalated. */
  byCategory: Record<string, { n: number; escalated: Measured }>;
  /** How often each guardrail fired on the escalated messages (why it escalated). */
  escalationReasons: Record<string, number>;
  /**
   * What-if over the recorded confidences (offline: the answerability, which decides the
   * hand-off): escalate when a blocked topic fired, nothing was retrieved, or it is below `threshold`. Thresholds where nothing would
   * escalate are left out (their precision is undefined).
   */
  confidenceSweep: Array<{ threshold: number; escalated: number; precision: number; recall: number; f1: number }>;
  /**
   * The decision on two halves of the messages split by a fixed seed: the engine's own decisions
   * (its committed cut) on each half, and the cut the tune half would choose, scored on both.
   */
  calibration?: {
    seed: number;
    tune: CalibrationHalf;
    check: CalibrationHalf;
    tuned: { cut: number; tuneF1: number; checkF1: number };
    /**
     * Each tenant (a hint3 bot) at its own cut, chosen on its tune half among the cuts a policy
     * threshold reaches (the threshold moves the engine's cut): present when the view has several tenants.
     */
    perTenant?: { cuts: Record<string, number>; tune: CalibrationHalf; check: CalibrationHalf; all: CalibrationHalf };
  };
}

export interface CalibrationHalf {
  n: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface SweepConfigResult {
  maxChars: number;
  overlapChars: number;
  /**
   * Per group. Document relevance: `recall5` is recall@5 of gold documents. Passage relevance
   * (`relevance: 'passage'`): `recall5` is the share of gold snippets inside the answer's context
   * (the top passages widened as the server widens them, cut at one budget for every candidate),
   * `mrr` the reciprocal rank of the first passage holding one, `contextChars` the context's mean size.
   */
  views: Record<
    string,
    { chunks: number; meanChunkChars: number; recall5: Measured; mrr: Measured; ndcg10?: Measured; relevance?: 'document' | 'passage'; contextChars?: number }
  >;
  /** Mean over the sweep's groups of their `recall5`: what picks the winner. */
  score: number;
}

export interface SweepResult {
  views: string[];
  configs: SweepConfigResult[];
  winner: { maxChars: number; overlapChars: number };
  current: { maxChars: number; overlapChars: number };
}

export interface EvalResults {
  schema: 'threadline-eval/1';
  date: string;
  mode: 'full' | 'quick';
  machine: MachineInfo;
  embedder: { model: string; dimensions: number; provider: 'local' | 'hash'; cacheHits: number; cacheMisses: number; embedSeconds: number };
  database: string;
  retrieval: RetrievalViewResult[];
  answers: AnswerViewResult[];
  escalation: EscalationResult[];
  sweep?: SweepResult;
  /** Latency per pipeline stage over the whole run. */
  stages: Record<string, LatencySummary>;
  /**
   * One row per source ingested in this run. `chunksWritten` counts chunks of new or changed
   * documents (unchanged ones are skipped on a persistent index); `chunksPerSecond` is over those,
   * null when nothing was written.
   */
  ingestion: Array<{
    tenant: string;
    source: string;
    documents: number;
    documentsChanged: number;
    chunks: number;
    chunksWritten: number;
    chunksEmbedded: number;
    seconds: number;
    chunksPerSecond: number | null;
  }>;
  notes: string[];
  durationSeconds: number;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  platform: string;
}
