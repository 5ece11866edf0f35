import { DEFAULT_CHUNKING, expandPassages } from '@threadline/knowledge';
import type { Conversation, RetrievalView } from '../datasets/types.js';
import { mean } from '../metrics/aggregate.js';
import { ndcgAtK, recallAtK, reciprocalRank } from '../metrics/retrieval.js';
import type { SweepConfigResult, SweepResult } from '../results.js';
import { ANSWER_PASSAGES, RANK_DEPTH, type RunContext } from './context.js';
import { indexView, type IndexedView } from './index-view.js';
import { hybridSearch, keysOf } from './retrieval-runner.js';

export interface ChunkingCandidate {
  maxChars: number;
  overlapChars: number;
}

/** A group of views scored together (hint3's bots pool into one score). */
export interface SweepGroup {
  id: string;
  views: RetrievalView[];
  /**
   * `document` (default): a gold document retrieved in the top 5 counts. `passage`: a gold snippet
   * counts when its text is inside the context an answer reads (queries carry `goldTexts`).
   */
  relevance?: 'document' | 'passage';
}

/**
 * Characters of passage text an answer reads, the same for every candidate: the answer engine's
 * passages at the widened size `expandPassages` allows by default (6 × 800). Larger chunks
 * cannot win a passage-relevance group just by handing the model more text.
 */
export const CONTEXT_BUDGET_CHARS = ANSWER_PASSAGES * 800;

const squash = (text: string): string => text.toLowerCase().replace(/\s+/g, ' ').trim();

/** The answer's context for a question: top passages widened, in rank order, cut at the budget. */
async function answerContext(context: RunContext, indexed: IndexedView, query: Conversation): Promise<string[]> {
  const passages = await expandPassages(context.db, indexed.tenantId, await hybridSearch(context, indexed, query, ANSWER_PASSAGES));
  const kept: string[] = [];
  let used = 0;
  for (const passage of passages) {
    if (used >= CONTEXT_BUDGET_CHARS) break;
    const text = passage.content.slice(0, CONTEXT_BUDGET_CHARS - used);
    kept.push(squash(text));
    used += text.length;
  }
  return kept;
}

/**
 * The full sweep: five sizes from 200 to 1,200 characters, each without overlap and with an
 * overlap of a quarter of the size, at most 100 characters (200/50, 300/75, 500/100, …).
 */
export const FULL_SWEEP: readonly ChunkingCandidate[] = [200, 300, 500, 800, 1200].flatMap((maxChars) => [
  { maxChars, overlapChars: 0 },
  { maxChars, overlapChars: Math.min(100, maxChars / 4) },
]);

export const QUICK_SWEEP: readonly ChunkingCandidate[] = [
  { maxChars: 300, overlapChars: 0 },
  { maxChars: DEFAULT_CHUNKING.maxChars, overlapChars: DEFAULT_CHUNKING.overlapChars },
];

function isCurrent(candidate: ChunkingCandidate): boolean {
  return candidate.maxChars === DEFAULT_CHUNKING.maxChars && candidate.overlapChars === DEFAULT_CHUNKING.overlapChars;
}

/**
 * Chooses chunk size and overlap by the eval: each candidate re-ingests the groups' corpora
 * (documents long enough to be cut: whole dstc11 reviews, hint3 intent articles) into a fresh
 * database of its own and runs hybrid retrieval. A database per candidate keeps candidates from
 * sharing one HNSW graph, whose filtered recall would otherwise depend on what was ingested before. Relevance is per document (a document counts once, at its best
 * chunk), so a larger chunk does not win just by holding more text. The winner has the best mean
 * recall@5 over the groups; ties go to higher MRR, then to the current default.
 */
export async function runChunkingSweep(context: RunContext, groups: readonly SweepGroup[], candidates: readonly ChunkingCandidate[]): Promise<SweepResult> {
  const configs: SweepConfigResult[] = [];
  const mrrOf = new Map<SweepConfigResult, number>();
  for (const candidate of candidates) {
    const views: SweepConfigResult['views'] = {};
    let scoreSum = 0;
    let mrrSum = 0;
    const db = await context.openScratchDb();
    const scratch: RunContext = { ...context, db, ingested: new Set() };
    try {
      for (const group of groups) {
        const scores: Array<{ ranked: string[]; gold: ReadonlySet<string> }> = [];
        const passageScores: Array<{ recall: number; reciprocalRank: number; chars: number }> = [];
        let chunks = 0;
        let chars = 0;
        for (const view of group.views) {
          const tenant = `${view.tenant}-c${candidate.maxChars}o${candidate.overlapChars}`;
          const indexed = await indexView({ db, view, embedder: context.embedder, chunking: candidate, tenant, progress: context.progress, done: scratch.ingested });
          chunks += indexed.chunks;
          chars += indexed.meanChunkChars * indexed.chunks;
          const bar = context.progress.start(`sweep ${candidate.maxChars}/${candidate.overlapChars} · ${view.id}`, view.queries.length);
          for (const query of view.queries) {
            if (group.relevance === 'passage') {
              const passages = await answerContext(scratch, indexed, query);
              const gold = (query.goldTexts ?? []).map(squash);
              const found = gold.filter((text) => passages.some((passage) => passage.includes(text))).length;
              const first = passages.findIndex((passage) => gold.some((text) => passage.includes(text)));
              passageScores.push({ recall: gold.length === 0 ? 0 : found / gold.length, reciprocalRank: first < 0 ? 0 : 1 / (first + 1), chars: passages.reduce((sum, passage) => sum + passage.length, 0) });
            } else {
              const passages = await hybridSearch(scratch, indexed, query, RANK_DEPTH);
              scores.push({ ranked: keysOf(indexed, passages), gold: query.gold });
            }
            bar.increment();
          }
          bar.stop();
        }
        const meanChunkChars = chunks > 0 ? chars / chunks : 0;
        let recall5;
        let mrr;
        if (group.relevance === 'passage') {
          recall5 = mean(`sweep ${group.id} context recall`, passageScores.map((entry) => entry.recall));
          mrr = mean(`sweep ${group.id} passage mrr`, passageScores.map((entry) => entry.reciprocalRank));
          const contextChars = passageScores.reduce((sum, entry) => sum + entry.chars, 0) / Math.max(1, passageScores.length);
          views[group.id] = { chunks, meanChunkChars, recall5, mrr, relevance: 'passage', contextChars };
        } else {
          recall5 = mean(`sweep ${group.id} recall@5`, scores.map(({ ranked, gold }) => recallAtK(ranked, gold, 5)));
          mrr = mean(`sweep ${group.id} mrr`, scores.map(({ ranked, gold }) => reciprocalRank(ranked, gold, 10)));
          views[group.id] = {
            chunks,
            meanChunkChars,
            recall5,
            mrr,
            ndcg10: mean(`sweep ${group.id} ndcg@10`, scores.map(({ ranked, gold }) => ndcgAtK(ranked, gold, 10))),
          };
        }
        scoreSum += recall5.value;
        mrrSum += mrr.value;
      }
    } finally {
      await db.close();
    }
    const config: SweepConfigResult = { ...candidate, views, score: scoreSum / groups.length };
    mrrOf.set(config, mrrSum / groups.length);
    configs.push(config);
  }
  const ranked = [...configs].sort(
    (a, b) => b.score - a.score || (mrrOf.get(b) ?? 0) - (mrrOf.get(a) ?? 0) || Number(isCurrent(b)) - Number(isCurrent(a)),
  );
  const winner = ranked[0] as SweepConfigResult;
  return {
    views: groups.map((group) => group.id),
    configs,
    winner: { maxChars: winner.maxChars, overlapChars: winner.overlapChars },
    current: { maxChars: DEFAULT_CHUNKING.maxChars, overlapChars: DEFAULT_CHUNKING.overlapChars },
  };
}
