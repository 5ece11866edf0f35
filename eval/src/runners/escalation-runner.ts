import { expandPassages } from '@threadline/knowledge';
import type { AnswerEngine } from '@threadline/knowledge/answer';
import type { EscalationView } from '../datasets/types.js';
import { EvalError, EvalErrorCode } from '../errors.js';
import { ratio } from '../metrics/aggregate.js';
import { confusion, decisionMetrics } from '../metrics/classification.js';
import type { EscalationResult } from '../results.js';
import { answerRequest } from './answer-runner.js';
import { ANSWER_PASSAGES, type RunContext } from './context.js';
import { hybridSearch } from './retrieval-runner.js';

/**
 * The engine's escalate-or-answer decision on every message of a view: hybrid retrieval on the
 * message's knowledge base (its view's index), then the engine under the eval policy. "Escalate"
 * is the positive class; a reply or a draft counts as answering.
 */
export async function runEscalation(context: RunContext, view: EscalationView): Promise<EscalationResult[]> {
  const paths: Array<{ path: 'offline' | 'claude'; engine: AnswerEngine; cases: EscalationView['cases'] }> = [
    { path: 'offline', engine: context.engines.offline, cases: view.cases },
  ];
  if (context.engines.claude) paths.push({ path: 'claude', engine: context.engines.claude, cases: sample(view.cases, context.claudeSample) });
  const results: EscalationResult[] = [];
  for (const { path, engine, cases } of paths) {
    const decisions: Array<{ predicted: boolean; gold: boolean; category: string; guardrails: string[]; confidence: number; isForced: boolean }> = [];
    const bar = context.progress.start(`${view.id} · decide (${path})`, cases.length);
    for (const item of cases) {
      const indexed = context.indexed.get(item.viewId);
      if (!indexed) throw new EvalError(EvalErrorCode.internal, `escalation case ${item.id} names view ${item.viewId}, which was not indexed`, { id: item.id });
      const passages = await context.timer.time('escalation: retrieve', async () =>
        expandPassages(context.db, indexed.tenantId, await hybridSearch(context, indexed, item, ANSWER_PASSAGES)),
      );
      const result = await context.timer.time(`answer: ${path}`, () => engine.answer(answerRequest(item, passages)));
      decisions.push({
        predicted: result.action === 'escalate',
        gold: item.shouldEscalate,
        category: item.category,
        guardrails: result.guardrails,
        confidence: result.confidence,
        // Escalations no confidence threshold can lift: blocked topics, or no knowledge at all.
        isForced: passages.length === 0 || result.guardrails.some((rule) => rule.startsWith('blocked-topic:')),
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
      title: path === 'claude' ? `${view.title} — Claude sample` : view.title,
      description: view.description,
      path,
      counts,
      metrics: decisionMetrics(counts),
      byCategory,
      escalationReasons,
      confidenceSweep: confidenceSweep(decisions),
    });
  }
  return results;
}

/** Escalation quality if the engine escalated below each confidence threshold (0.1 … 0.9). */
function confidenceSweep(decisions: ReadonlyArray<{ gold: boolean; confidence: number; isForced: boolean }>): EscalationResult['confidenceSweep'] {
  const rows: EscalationResult['confidenceSweep'] = [];
  for (let step = 1; step <= 9; step++) {
    const threshold = step / 10;
    const counts = confusion(decisions.map((decision) => ({ predicted: decision.isForced || decision.confidence < threshold, gold: decision.gold })));
    const predicted = counts.truePositive + counts.falsePositive;
    const positives = counts.truePositive + counts.falseNegative;
    if (predicted === 0 || positives === 0) continue;
    const precision = counts.truePositive / predicted;
    const recall = counts.truePositive / positives;
    rows.push({ threshold, escalated: predicted, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) });
  }
  return rows;
}

/** Every k-th case, so a Claude sample keeps the mix of categories. */
function sample<T>(items: readonly T[], size: number): T[] {
  if (items.length <= size) return [...items];
  const step = items.length / size;
  return Array.from({ length: size }, (_, index) => items[Math.floor(index * step)] as T);
}
