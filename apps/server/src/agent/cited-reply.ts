import { markCitations, numberCitations, type AnswerResult } from '@threadline/knowledge/answer';

/**
 * The reply as the agent reads it: sources numbered once per article, and the same reply with
 * `[n]` after each sentence whose source is known. `replyText` stays marker-free: it is what Insert puts in.
 */
export function citedReply(result: AnswerResult): {
  citations: Array<{ number: number; passageId: string; title: string; url: string | null }>;
  citedText: string;
  closestAnswer?: { replyText: string; citedText: string };
} {
  const sources = numberCitations(result.citations);
  return {
    citations: sources.map((source) => ({ number: source.number, passageId: source.passageId, title: source.title, url: source.url })),
    citedText: markCitations(result.replyText, sources),
    // A hand-off below the cut keeps what the knowledge said, for the agent who takes the ticket over.
    ...(result.closestAnswer ? { closestAnswer: { replyText: result.closestAnswer, citedText: markCitations(result.closestAnswer, sources) } } : {}),
  };
}

/**
 * Whether an answer to the agent's own question rests on the knowledge base. Without a citation, or
 * when the engine would escalate (nothing relevant, confidence far too low), the text is a
 * customer-facing hand-off, not knowledge: the agent is told nothing was found instead.
 */
export function isKnowledgeFound(result: AnswerResult): boolean {
  return result.citations.length > 0 && result.action !== 'escalate';
}
