import type { EvalConfig } from './config.js';
import { dstc11Views, loadDstc11, quickDstc11Subset } from './datasets/dstc11.js';
import { hint3Views, loadHint3 } from './datasets/hint3.js';
import { machineInfo } from './machine.js';
import type { ProgressSink } from './report/progress.js';
import type { AnswerViewResult, EscalationResult, EvalResults, RetrievalViewResult } from './results.js';
import { runAnswers } from './runners/answer-runner.js';
import { describeTarget } from './runners/eval-db.js';
import { openRunContext } from './runners/open-context.js';
import { runEscalation } from './runners/escalation-runner.js';
import { pooledResult, runRetrievalView, type QueryRankings } from './runners/retrieval-runner.js';
import { FULL_SWEEP, QUICK_SWEEP, runChunkingSweep } from './runners/sweep-runner.js';

/** Rows of each hint3 bot's test file in the quick subset. */
const QUICK_HINT3_ROWS = 60;

/**
 * One eval run: load the datasets, index every view through the real ingestion path, run retrieval
 * (hybrid and the three baselines), answers and escalation decisions, and the chunking sweep.
 * Every metric is checked non-empty and finite as it is computed; a failure throws.
 */
export async function runEval(config: EvalConfig, progress: ProgressSink): Promise<EvalResults> {
  const started = performance.now();
  const tenantPrefix = config.quick ? 'eval-quick-' : 'eval-';
  const notes: string[] = [];

  const dstc11 = loadDstc11(config.datasetsDir);
  const dstc = dstc11Views(dstc11, { tenantPrefix, ...(config.quick ? { subset: quickDstc11Subset(dstc11) } : {}) });
  const hint3 = hint3Views(loadHint3(config.datasetsDir), { tenantPrefix, ...(config.quick ? { quickRows: QUICK_HINT3_ROWS } : {}) });
  notes.push(
    `dstc11 queries are “<entity named last in the dialogue>\\n<last customer turn>”, the form the server builds from a ticket's subject and latest message; the entity finder names a gold entity for ${dstc.entityAccuracy.correct} of ${dstc.entityAccuracy.total} knowledge-seeking turns.`,
  );

  const { context, target, embedder, close } = await openRunContext(config, progress, notes);
  const { db, timer } = context;
  const model = context.engines.model;
  if (model) notes.push(`${model.path} answers (${model.model}) ran on a sample of ${config.modelSample} questions per view and are labelled “${model.path}”; every other answer figure is the offline extractive path.`);
  else notes.push('No answer model configured (ANSWER_MODEL_PROVIDER or ANTHROPIC_API_KEY): every answer figure is the offline extractive path (no model).');

  try {
    const retrieval: RetrievalViewResult[] = [];
    const answers: AnswerViewResult[] = [];
    const escalation: EscalationResult[] = [];
    const ingestion: EvalResults['ingestion'] = [];
    const record = (tenant: string, runs: Awaited<ReturnType<typeof runRetrievalView>>['indexed']['ingestRuns']) => {
      for (const run of runs) {
        ingestion.push({
          tenant,
          source: run.source,
          documents: run.result.documentCount,
          documentsChanged: run.result.documentsChanged,
          chunks: run.result.chunkCount,
          chunksWritten: run.result.chunksWritten,
          chunksEmbedded: run.result.chunksEmbedded,
          seconds: run.result.durationMs / 1000,
          chunksPerSecond: run.result.chunksWritten > 0 ? run.result.chunksWritten / (Math.max(1, run.result.durationMs) / 1000) : null,
        });
      }
    };

    for (const view of [dstc.faq, dstc.full, dstc.reviewsWhole]) {
      progress.note(`— ${view.title}: ${view.description}`);
      const run = await runRetrievalView(context, view);
      record(view.tenant, run.indexed.ingestRuns);
      retrieval.push(run.result);
      if (view.id !== dstc.reviewsWhole.id) answers.push(...(await runAnswers(context, view.id, run.rankings)));
    }

    const hint3Runs: Array<{ result: RetrievalViewResult; rankings: QueryRankings[] }> = [];
    for (const view of hint3.retrieval) {
      progress.note(`— ${view.title}: ${view.description}`);
      const run = await runRetrievalView(context, view);
      record(view.tenant, run.indexed.ingestRuns);
      hint3Runs.push(run);
    }
    const pooled = pooledResult({
      id: 'hint3-all',
      title: `hint3, 3 bots pooled${config.quick ? ' (quick subset)' : ''}`,
      description: `${hint3Runs.reduce((sum, run) => sum + run.result.queries, 0)} in-scope test messages, each against its own bot's intent articles`,
      parts: hint3Runs,
    });
    retrieval.push(pooled, ...hint3Runs.map((run) => run.result));
    answers.push(...(await runAnswers(context, 'hint3-all', hint3Runs.flatMap((run) => run.rankings))));

    for (const view of [hint3.escalation, dstc.route]) {
      progress.note(`— ${view.title}: ${view.description}`);
      escalation.push(...(await runEscalation(context, view)));
    }

    const sweep = config.isSweepSkipped
      ? undefined
      : await runChunkingSweep(
          context,
          [
            // The quick subset sweeps one bot (document relevance) and the entity articles (passage
            // relevance): every code path of the sweep runs, at a third of its cost.
            config.quick ? { id: 'hint3-sofmattress', views: hint3.retrieval.filter((view) => view.id === 'hint3-sofmattress') } : { id: 'hint3-all', views: hint3.retrieval },
            ...(config.quick ? [] : [{ id: dstc.reviewsWhole.id, views: [dstc.reviewsWhole] }]),
            { id: dstc.entityArticles.id, views: [dstc.entityArticles], relevance: 'passage' as const },
          ],
          config.quick ? QUICK_SWEEP : FULL_SWEEP,
        );
    if (config.isSweepSkipped) notes.push('The chunking sweep was skipped (--no-sweep).');
    const { rows: sizes } = await db.query<{ chunks: number; tenants: number }>('select count(*)::int as chunks, count(distinct tenant_id)::int as tenants from kb_chunks');
    notes.push(
      `Search latencies are on one shared index table holding every eval tenant (${sizes[0]?.chunks ?? 0} chunks of ${sizes[0]?.tenants ?? 0} tenants), as in a multi-tenant deployment; each search is filtered to its tenant and sources. The chunking sweep runs each candidate in a fresh in-memory PGlite.`,
    );

    return {
      schema: 'threadline-eval/1',
      date: config.date,
      mode: config.quick ? 'quick' : 'full',
      machine: machineInfo(),
      embedder: {
        model: embedder.model,
        dimensions: embedder.dimensions,
        provider: config.embedder,
        cacheHits: embedder.stats.hits,
        cacheMisses: embedder.stats.misses,
        embedSeconds: embedder.stats.embedMs / 1000,
      },
      database: describeTarget(target),
      retrieval,
      answers,
      escalation,
      ...(sweep ? { sweep } : {}),
      stages: timer.summary(),
      ingestion,
      notes,
      durationSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    await close();
  }
}
