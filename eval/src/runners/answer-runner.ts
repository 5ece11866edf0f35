import type { Passage } from '@threadline/knowledge';
import { toAnswerPassage, type AnswerEngine, type AnswerRequest, type AnswerResult } from '@threadline/knowledge/answer';
import type { Conversation, RetrievalQuery } from '../datasets/types.js';
import { mean, ratio } from '../metrics/aggregate.js';
import { summarizeLatency } from '../metrics/latency.js';
import { grounding, rougeL } from '../metrics/text.js';
import type { AnswerViewResult } from '../results.js';
import { ANSWER_PASSAGES, EVAL_POLICY, type RunContext } from './context.js';

/** The engine request for a conversation and its retrieved passages, as the server builds it for a chat ticket. */
export function answerRequest(conversation: Conversation, passages: readonly Passage[]): AnswerRequest {
  return {
    ticket: { subject: conversation.subject, channel: 'chat', locale: 'en' },
    latestMessage: conversation.latestMessage,
    history: conversation.history,
    passages: passages.slice(0, ANSWER_PASSAGES).map(toAnswerPassage),
    policy: EVAL_POLICY,
  };
}

interface Answered {
  request: AnswerRequest;
  result: AnswerResult;
  reference?: string;
}

/** Citation rate, lexical grounding and reference overlap of a set of engine results. */
export function answerMetrics(answers: readonly Answered[]): Pick<AnswerViewResult, 'actions' | 'citationRate' | 'grounding' | 'overlap'> {
  const actions = { reply: 0, draft: 0, escalate: 0 };
  for (const { result } of answers) actions[result.action] += 1;
  const answered = answers.filter(({ result }) => result.action !== 'escalate');
  let graded = 0;
  let supported = 0;
  for (const { request, result } of answered) {
    const byId = new Map(request.passages.map((passage) => [passage.id, passage.content]));
    const cited = result.citations.map((citation) => byId.get(citation.passageId) ?? '');
    const score = grounding(result.replyText, cited);
    graded += score.graded;
    supported += score.supported;
  }
  const withReference = answered.filter((answer) => answer.reference !== undefined);
  return {
    actions,
    citationRate: ratio('citation rate', answered.filter(({ result }) => result.citations.length > 0).length, answered.length),
    grounding: ratio('grounding', supported, graded),
    ...(answers.some((answer) => answer.reference !== undefined)
      ? { overlap: mean('answer overlap (ROUGE-L F)', withReference.map((answer) => rougeL(answer.result.replyText, answer.reference as string))) }
      : {}),
  };
}

/**
 * Runs the answer engine on a view's questions with the passages hybrid retrieval found for them:
 * the offline engine on every question, and Claude (when a key is set) on the first `claudeSample`.
 */
export async function runAnswers(context: RunContext, viewId: string, items: ReadonlyArray<{ query: RetrievalQuery; hybridPassages: Passage[] }>): Promise<AnswerViewResult[]> {
  const paths: Array<{ path: 'offline' | 'claude'; engine: AnswerEngine; items: typeof items }> = [{ path: 'offline', engine: context.engines.offline, items }];
  if (context.engines.claude) paths.push({ path: 'claude', engine: context.engines.claude, items: items.slice(0, context.claudeSample) });
  const results: AnswerViewResult[] = [];
  for (const { path, engine, items: selected } of paths) {
    const answers: Answered[] = [];
    const latencies: number[] = [];
    const bar = context.progress.start(`${viewId} · answer (${path})`, selected.length);
    for (const { query, hybridPassages } of selected) {
      const request = answerRequest(query, hybridPassages);
      const started = performance.now();
      const result = await engine.answer(request);
      const ms = performance.now() - started;
      latencies.push(ms);
      context.timer.record(`answer: ${path}`, ms);
      answers.push({ request, result, ...(query.reference !== undefined ? { reference: query.reference } : {}) });
      bar.increment();
    }
    bar.stop();
    results.push({
      viewId,
      path,
      ...(engine.model ? { model: engine.model } : {}),
      questions: selected.length,
      ...answerMetrics(answers),
      latency: summarizeLatency(`${viewId} answer ${path}`, latencies),
    });
  }
  return results;
}
