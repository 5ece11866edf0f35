import type { Db } from '@threadline/platform/db';
import type { AnswerEngine, AnswerPolicy } from '@threadline/knowledge/answer';
import { DEFAULT_BLOCKED_TOPICS } from '@threadline/knowledge/answer';
import type { StageTimer } from '../metrics/latency.js';
import type { ProgressSink } from '../report/progress.js';
import type { CachingEmbedder } from './caching-embedder.js';
import type { IndexedView } from './index-view.js';

/** What every runner shares during one eval run. */
export interface RunContext {
  db: Db;
  /** A fresh, empty, migrated database (the chunking sweep gives every candidate its own). */
  openScratchDb: () => Promise<Db>;
  embedder: CachingEmbedder;
  /** The offline engine (always) and the configured answer model's (Claude or OpenAI-compatible), if any. */
  engines: { offline: AnswerEngine; model?: AnswerEngine };
  /** Questions per view that go through the answer model. */
  modelSample: number;
  progress: ProgressSink;
  timer: StageTimer;
  /** Indexed views by id, filled as views are indexed. */
  indexed: Map<string, IndexedView>;
  /** `tenant/source` pairs ingested in this run. */
  ingested: Set<string>;
  notes: string[];
}

/**
 * The policy the eval answers under: the server's default threshold (0.7) and the engine's default
 * blocked topics, in `auto` mode so "would reply" and "would draft" are told apart. Escalation does
 * not depend on the mode.
 */
export const EVAL_POLICY: AnswerPolicy = Object.freeze({
  mode: 'auto',
  confidenceThreshold: 0.7,
  blockedTopics: DEFAULT_BLOCKED_TOPICS,
}) as AnswerPolicy;

/** Passages the agent pipeline hands the engine (the server's `PASSAGES`). */
export const ANSWER_PASSAGES = 6;
/** Candidates each side of the hybrid search fetches before fusion, as in the product (the default for k ≤ 10). */
export const HYBRID_CANDIDATES = 50;
/** Passages fetched per query for the ranking metrics (deduplicated to documents, scored at 1/5/10). */
export const RANK_DEPTH = 20;
