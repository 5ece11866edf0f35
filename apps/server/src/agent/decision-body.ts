import { decisionWords } from '@threadline/vocabulary';
import type { AnswerResult } from '@threadline/knowledge/answer';
import type { DecisionBody } from '../contract/decision.js';

/** The deciding figure of an answer as the API shows it; null for an answer stored before it was kept. */
export function decisionBody(result: Pick<AnswerResult, 'decision'>): DecisionBody | null {
  return result.decision ? { ...result.decision, words: decisionWords(result.decision) } : null;
}
