import type { AnswerProposal } from '../guardrails/enforce-policy.js';
import { shapeOf, type ReplyShape } from '../guardrails/channel-shape.js';
import { detectLanguage, primaryTag } from '../text/detect-language.js';
import { phrasesFor } from '../text/phrases.js';
import type { AnswerPassage, AnswerRequest } from '../types.js';
import { extractAnswer } from './extractive-answer.js';

const MAX_SENTENCES: Record<ReplyShape, number> = { conversational: 3, social: 2, letter: 4, voice: 4 };

/** Links of the public passages used, each once. */
function publicLinks(passages: readonly AnswerPassage[]): Array<{ title: string; url: string }> {
  const seen = new Set<string>();
  const links: Array<{ title: string; url: string }> = [];
  for (const passage of passages) {
    if (passage.visibility !== 'public' || !passage.url || seen.has(passage.url)) continue;
    seen.add(passage.url);
    links.push({ title: passage.title, url: passage.url });
  }
  return links;
}

function composeBody(shape: ReplyShape, sentences: string[], used: readonly AnswerPassage[], language: string): string {
  const phrases = phrasesFor(language);
  const links = publicLinks(used);
  const prose = sentences.join(' ');
  switch (shape) {
    case 'conversational':
    case 'social':
      return links[0] ? `${prose} ${phrases.moreInfo} ${links[0].url}` : prose;
    case 'voice':
      // What the agent says (or sends after the call); the note's header and sources are the server's.
      return prose;
    case 'letter': {
      const more = links.length > 0 ? `\n\n${phrases.moreInfo}\n${links.map((link) => `- ${link.title}: ${link.url}`).join('\n')}` : '';
      return `${phrases.thanks}\n\n${prose}${more}`;
    }
  }
}

/** An offline proposal also says which reply sentences rest on which passage, so a UI can place [n] markers. */
export interface OfflineProposal extends AnswerProposal {
  /** Passage id → the sentences of the reply taken from it. */
  quotes: Record<string, string[]>;
}

/** Subject and the customer's earlier messages: what the conversation is about beyond the latest message. */
function conversationOf(request: AnswerRequest): string {
  const latest = request.latestMessage.trim();
  const earlier = request.history
    .filter((item) => item.authorRole === 'customer' && item.text.trim() !== latest)
    .slice(-CONVERSATION_MESSAGES)
    .map((item) => item.text);
  return [request.ticket.subject, ...earlier].join('\n');
}

const CONVERSATION_MESSAGES = 6;

function quotesOf(sentences: readonly string[], sources: readonly AnswerPassage[]): Record<string, string[]> {
  const quotes: Record<string, string[]> = {};
  sentences.forEach((sentence, index) => {
    const id = sources[index]?.id;
    if (id) (quotes[id] ??= []).push(sentence);
  });
  return quotes;
}

/**
 * The offline path: an extractive answer from the best passages, cited, in the channel's shape.
 * It always proposes `reply` (or `escalate` when nothing was retrieved); the guardrails decide
 * what it may become. Its text is in the language of the passages: when that is clearly not the
 * customer's language, a public reply is blocked (`language-mismatch`), since nothing offline can translate.
 */
export function answerOffline(request: AnswerRequest, summary: string, extraGuardrails: string[] = []): OfflineProposal {
  const shape = shapeOf(request.ticket.channel);
  const language = detectLanguage(request.latestMessage, request.ticket.locale);
  const extracted = extractAnswer({
    question: request.latestMessage,
    conversation: conversationOf(request),
    passages: request.passages,
    maxSentences: MAX_SENTENCES[shape],
  });
  if (extracted.used.length === 0) {
    return {
      path: 'offline',
      action: 'escalate',
      replyText: '',
      language,
      citationIds: [],
      quotes: {},
      confidence: 0,
      summary,
      escalation: { reason: 'No knowledge matched the question.', priority: 'normal', tags: ['low-confidence'] },
      guardrails: [...extraGuardrails],
    };
  }
  const guardrails = [...extraGuardrails];
  const answerLanguage = detectLanguage(extracted.sentences.join(' '), language);
  const isMismatch = primaryTag(answerLanguage) !== primaryTag(language);
  if (isMismatch) guardrails.push('language-mismatch');
  return {
    path: 'offline',
    action: 'reply',
    replyText: composeBody(shape, extracted.sentences, extracted.used, isMismatch ? answerLanguage : language),
    language: isMismatch ? answerLanguage : language,
    citationIds: extracted.used.map((passage) => passage.id),
    quotes: quotesOf(extracted.sentences, extracted.sources),
    confidence: extracted.confidence,
    summary,
    guardrails,
    isReplyBlocked: isMismatch,
  };
}
