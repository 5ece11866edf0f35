import { expandPassages } from '@threadline/knowledge';
import { DEFAULT_CONFIDENCE_THRESHOLD, OFFLINE_ESCALATE_AT_DEFAULT, type AnswerEngine, type AnswerPath } from '@threadline/knowledge/answer';
import type { EscalationView } from '../datasets/types.js';
import { EvalError, EvalErrorCode } from '../errors.js';
import { ratio } from '../metrics/aggregate.js';
import { confusion, decisionMetrics } from '../metrics/classification.js';
import { bestCut, bestCutPerGroup, CUTS, scoreCut, scorePairs, splitHalves, SPLIT_SEED, type ScoredDecision } from '../metrics/calibration.js';
import type { CalibrationHalf, EscalationResult } from '../results.js';
import { answerRequest } from './answer-runner.js';
import { ANSWER_PASSAGES, type RunContext } from './context.js';
import { hybridSearch } from './retrieval-runner.js';

/**
 * The engine's escalate-or-answer decision on every message of a view: hybrid retrieval on the
 * message's knowledge base (its view's index), then the engine under the eval policy. "Escalate"
 * is the positive class; a reply or a draft counts as answering.
 */
export async function runEscalation(context: RunContext, view: EscalationView): Promise<EscalationResult[]> {
  const paths: Array<{ path: AnswerPath; engine: AnswerEngine; cases: EscalationView['cases'] }> = [
    { path: 'offline', engine: context.engines.offline, cases: view.cases },
  ];
  if (context.engines.model) paths.push({ path: context.engines.model.path, engine: context.engines.model, cases: sample(view.cases, context.modelSample) });
  const results: EscalationResult[] = [];
  for (const { path, engine, cases } of paths) {
    const decisions: Array<{ id: string; tenant: string; predicted: boolean; gold: boolean; category: string; guardrails: string[]; confidence: number; isForced: boolean }> = [];
    const bar = context.progress.start(`${view.id} · decide (${path})`, cases.length);
    for (const item of cases) {
      const indexed = context.indexed.get(item.viewId);
      if (!indexed) throw new EvalError(EvalErrorCode.internal, `escalation case ${item.id} names view ${item.viewId}, which was not indexed`, { id: item.id });
      const passages = await context.timer.time('escalation: retrieve', async () =>
        expandPassages(context.db, indexed.tenantId, await hybridSearch(context, indexed, item, ANSWER_PASSAGES)),
      );
      const result = await context.timer.time(`answer: ${path}`, () => engine.answer(answerRequest(item, passages)));
      decisions.push({
        id: item.id,
        tenant: item.viewId,
        predicted: result.action === 'escalate',
        gold: item.shouldEscalate,
        category: item.category,
        guardrails: result.guardrails,
        // Offline, the calibrated answerability decides the hand-off, so the what-if runs on it.
        confidence: result.answerability ?? result.confidence,
        // Escalations no confidence threshold can lift: blocked topics, a person asked for, a
        // message that needs no knowledge answer, or no knowledge at all.
        isForced: passages.length === 0 || result.guardrails.some((rule) => rule.startsWith('blocked-topic:') || FORCING_RULES.has(rule)),
      });
      bar.increment();
    }
    bar.stop();
    const counts = confusion(decisions);
    const byCategory: EscalationResult['byCategory'] = {};
    for (const category of [...new Set(decisions.map((decision) => decision.category))].sort()) {
      const inCategory = decisions.filter((decision) => decision.category === category);
      byCategory[category] = { n: inCategory.length, escalated: ratio(`${category} escalated`, inCategory.filter((decision) => decision.predicted).length, inCategory.length) };
    }
    const escalationReasons: Record<string, number> = {};
    for (const decision of decisions.filter((entry) => entry.predicted)) {
      for (const rule of decision.guardrails) escalationReasons[rule] = (escalationReasons[rule] ?? 0) + 1;
    }
    results.push({
      id: view.id,
      title: path === 'offline' ? view.title : `${view.title} — ${path} sample`,
      description: view.description,
      path,
      counts,
      metrics: decisionMetrics(counts),
      byCategory,
      escalationReasons,
      confidenceSweep: confidenceSweep(decisions),
      calibration: calibrate(decisions, path),
    });
  }
  return results;
}

/** Rules that escalate whatever the confidence. */
const FORCING_RULES = new Set(['human-requested', 'no-knowledge-needed']);

function half(decisions: ReadonlyArray<{ predicted: boolean; gold: boolean }>): CalibrationHalf {
  const { precision, recall, f1 } = scorePairs(decisions);
  return { n: decisions.length, precision, recall, f1 };
}

/**
 * The engine's decisions on a tune and a check half (fixed seed), and the cut the tune half alone
 * would pick, scored on the check half: the figure that is not in-sample.
 */
function calibrate(decisions: ReadonlyArray<ScoredDecision & { predicted: boolean; tenant: string }>, path: AnswerPath): EscalationResult['calibration'] {
  const { tune, check } = splitHalves(decisions, SPLIT_SEED);
  if (tune.length === 0 || check.length === 0) return undefined;
  const tuned = bestCut(tune);
  const calibration = { seed: SPLIT_SEED, tune: half(tune), check: half(check), tuned: { cut: tuned.cut, tuneF1: tuned.f1, checkF1: scoreCut(check, tuned.cut).f1 } };
  if (path !== 'offline' || new Set(decisions.map((decision) => decision.tenant)).size < 2) return calibration;
  // A tenant's threshold T (at most 1) puts the offline cut at OFFLINE_ESCALATE_AT_DEFAULT × T / 0.7.
  const reachable = CUTS.filter((cut) => cut <= OFFLINE_ESCALATE_AT_DEFAULT / DEFAULT_CONFIDENCE_THRESHOLD);
  const perTenant = bestCutPerGroup({ tune, check, all: decisions }, (decision) => decision.tenant, reachable);
  const withN = (score: { precision: number; recall: number; f1: number }, n: number) => ({ n, precision: score.precision, recall: score.recall, f1: score.f1 });
  return {
    ...calibration,
    perTenant: { cuts: perTenant.cuts, tune: withN(perTenant.tune, tune.length), check: withN(perTenant.check, check.length), all: withN(perTenant.all, decisions.length) },
  };
}

/** Escalation quality if the engine escalated below each confidence threshold (0.1 … 0.9). */
function confidenceSweep(decisions: ReadonlyArray<ScoredDecision>): EscalationResult['confidenceSweep'] {
  const rows: EscalationResult['confidenceSweep'] = [];
  for (let step = 1; step <= 9; step++) {
    const threshold = step / 10;
    const row = scoreCut(decisions, threshold);
    const positives = decisions.filter((decision) => decision.gold).length;
    if (row.escalated === 0 || positives === 0) continue;
    rows.push({ threshold, ...row });
  }
  return rows;
}

/** Every k-th case, so a Claude sample keeps the mix of categories. */
function sample<T>(items: readonly T[], size: number): T[] {
  if (items.length <= size) return [...items];
  const step = items.length / size;
  return Array.from({ length: size }, (_, index) => items[Math.floor(index * step)] as T);
}
