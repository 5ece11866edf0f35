import type { Passage } from '@threadline/knowledge';
import { citedPassageIds, toAnswerPassage, type AnswerEngine, type AnswerPath, type AnswerRequest, type AnswerResult } from '@threadline/knowledge/answer';
import type { Conversation, RetrievalQuery } from '../datasets/types.js';
import { mean, ratio } from '../metrics/aggregate.js';
import { summarizeLatency } from '../metrics/latency.js';
import { evidencePrecision, repeatedSentences, repeatedSources } from '../metrics/answers.js';
import { grounding, rougeL, sentences } from '../metrics/text.js';
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
  /** Gold document keys, where the dataset names them. */
  gold?: ReadonlySet<string>;
  /** Passage (chunk) id → the dataset key of its document. */
  keyOfPassage?: ReadonlyMap<string, string>;
}

/** The document key of each cited sentence (a citation without quotes counts once). */
function citedKeys(answer: Answered): string[] {
  return answer.result.citations.flatMap((citation) => {
    const key = answer.keyOfPassage?.get(citation.passageId) ?? citation.url ?? citation.title;
    return Array.from({ length: Math.max(1, citation.quotes?.length ?? 0) }, () => key);
  });
}

/** The best ROUGE-L F any one sentence of the request's passages reaches against the reference. */
function bestSentenceOverlap(request: AnswerRequest, reference: string): number {
  return Math.max(0, ...request.passages.flatMap((passage) => sentences(passage.content)).map((sentence) => rougeL(sentence, reference)));
}

/** Citation rate, lexical grounding and reference overlap of a set of engine results. */
export function answerMetrics(answers: readonly Answered[]): Pick<AnswerViewResult, 'actions' | 'citationRate' | 'grounding' | 'overlap' | 'overlapCeiling' | 'evidencePrecision' | 'repeatedSentences' | 'repeatedSources'> {
  const actions = { reply: 0, draft: 0, escalate: 0 };
  for (const { result } of answers) actions[result.action] += 1;
  const answered = answers.filter(({ result }) => result.action !== 'escalate');
  let graded = 0;
  let supported = 0;
  for (const { request, result } of answered) {
    // A passage supports what its title, its section and its text say, as the engine's own grounding check reads it
    // (a reply may name the place its sentences are about from the section they sit in).
    const byId = new Map(request.passages.map((passage) => [passage.id, [passage.title, ...passage.sectionPath, passage.content].join('\n')]));
    // A citation is a document; the sentences taken from any of its cited chunks rest on it.
    const cited = result.citations.map((citation) => citedPassageIds(citation).map((id) => byId.get(id) ?? '').join('\n'));
    const score = grounding(result.replyText, cited);
    graded += score.graded;
    supported += score.supported;
  }
  const withReference = answered.filter((answer) => answer.reference !== undefined);
  const withGold = answered.filter((answer) => answer.gold !== undefined && answer.result.citations.length > 0);
  return {
    ...(withGold.length > 0 ? { evidencePrecision: evidencePrecision(withGold.map((answer) => ({ citedKeys: citedKeys(answer), gold: answer.gold as ReadonlySet<string> }))) } : {}),
    repeatedSentences: answered.reduce((sum, { result }) => sum + repeatedSentences(result.replyText), 0),
    repeatedSources: answered.reduce((sum, answer) => sum + repeatedSources([...new Set(answer.result.citations.map((citation) => citation.passageId))].map((id) => answer.keyOfPassage?.get(id) ?? id)), 0),
    actions,
    citationRate: ratio('citation rate', answered.filter(({ result }) => result.citations.length > 0).length, answered.length),
    grounding: ratio('grounding', supported, graded),
    ...(answers.some((answer) => answer.reference !== undefined)
      ? {
          overlap: mean('answer overlap (ROUGE-L F)', withReference.map((answer) => rougeL(answer.result.replyText, answer.reference as string))),
          overlapCeiling: mean('one-sentence overlap ceiling (ROUGE-L F)', withReference.map((answer) => bestSentenceOverlap(answer.request, answer.reference as string))),
        }
      : {}),
  };
}

/** The dataset key of an indexed document, whichever view indexed it; its id when none did. */
function documentKey(context: RunContext, documentId: string): string {
  for (const indexed of context.indexed.values()) {
    const key = indexed.keyOfDocument.get(documentId);
    if (key !== undefined) return key;
  }
  return documentId;
}

/**
 * Runs the answer engine on a view's questions with the passages hybrid retrieval found for them:
 * the offline engine on every question, and the configured answer model (if any) on the first `modelSample`.
 */
export async function runAnswers(context: RunContext, viewId: string, items: ReadonlyArray<{ query: RetrievalQuery; hybridPassages: Passage[] }>): Promise<AnswerViewResult[]> {
  const paths: Array<{ path: AnswerPath; engine: AnswerEngine; items: typeof items }> = [{ path: 'offline', engine: context.engines.offline, items }];
  if (context.engines.model) paths.push({ path: context.engines.model.path, engine: context.engines.model, items: items.slice(0, context.modelSample) });
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
      const keyOfPassage = new Map(hybridPassages.map((passage) => [passage.chunkId, documentKey(context, passage.documentId)]));
      answers.push({ request, result, gold: query.gold, keyOfPassage, ...(query.reference !== undefined ? { reference: query.reference } : {}) });
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
