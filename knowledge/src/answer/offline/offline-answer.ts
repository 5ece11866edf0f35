import type { DecisionBasis } from '@threadline/vocabulary';
import type { AnswerProposal } from '../guardrails/enforce-policy.js';
import { shapeOf, type ReplyShape } from '../guardrails/channel-shape.js';
import { detectLanguage, knowledgeLanguage, primaryTag } from '../text/detect-language.js';
import { phrasesFor } from '../text/phrases.js';
import { escapeRegExp, stripMarkdown } from '../text/text-tools.js';
import type { AnswerPassage, AnswerRequest } from '../types.js';
import { answerability } from '../decision/answerability.js';
import { decisionSignals, type DecisionSignals } from '../decision/decision-signals.js';
import { noKnowledgeNeeded, type NoKnowledgeReason } from '../decision/no-knowledge-needed.js';
import { extractAnswer, OFFLINE_CONFIDENCE_CAP } from './extractive-answer.js';
import { withoutConnective } from './lifted-sentence.js';
import { polarAnswer } from './polar-answer.js';

const MAX_SENTENCES: Record<ReplyShape, number> = { conversational: 3, social: 2, letter: 4, voice: 4 };
/**
 * How long a reply runs, in words, beyond its lead sentence. A chat answer is what an agent
 * types (dstc11's reference replies: median 22 words, 90 % within 31); an e-mail and a call's
 * talking points may carry a second point.
 */
const MAX_WORDS: Record<ReplyShape, number> = { conversational: 30, social: 30, letter: 60, voice: 60 };

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

/**
 * What the reply speaks of, when its sentences do not say it: the section the lead sentence's
 * passage sits in (a hotel, a product, a plan), provided the conversation named it. A sentence
 * lifted from a review ("The bathroom was super-clean.") does not say which place it is about;
 * an agent would ("About Hobsons House: …"). Only a name counts (written with its capitals inside
 * a sentence of the conversation): a section the conversation never named (a bot) or a category
 * word ("Shipping") is not a subject the customer asked about, and is not added.
 */
export function replySubject(input: { lead: AnswerPassage | undefined; reply: string; conversation: string }): string | undefined {
  const name = input.lead?.sectionPath.at(-1)?.trim();
  if (!name || name.length < 3) return undefined;
  const escaped = escapeRegExp(name);
  const named = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu');
  if (named.test(input.reply)) return undefined;
  // A name, not a category word: capitalised inside a sentence of the conversation. It is said as
  // the conversation wrote it ("The Missing Sock", not the knowledge's "THE MISSING SOCK").
  const inside = new RegExp(`(?<=[^.!?\\n\\s]\\s+)${escaped}(?![\\p{L}\\p{N}])`, 'giu');
  return [...input.conversation.matchAll(inside)].map((match) => match[0]).find((written) => /^\p{Lu}/u.test(written));
}

/** Everything said in the conversation so far: its subject, the public messages and the latest one. */
function spokenText(request: AnswerRequest): string {
  return [request.ticket.subject, ...request.history.filter((item) => item.isPublic).map((item) => item.text), request.latestMessage].join('\n');
}

function composeBody(shape: ReplyShape, sentences: string[], used: readonly AnswerPassage[], language: string, subject: string | undefined): string {
  const phrases = phrasesFor(language);
  const links = publicLinks(used);
  const said = sentences.join(' ');
  const prose = subject ? `${phrases.about(subject)} ${said}` : said;
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
  /** What the hand-off decision looked at (absent when the path handed off before retrieval mattered). */
  signals?: DecisionSignals;
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

const NO_KNOWLEDGE_REASONS: Record<NoKnowledgeReason, string> = {
  thanks: 'The customer is thanking or closing the conversation; no knowledge answer is needed.',
  greeting: 'The customer only greeted; a person can ask what they need.',
  acknowledgement: 'The customer answered yes or no to the conversation; a person picks up where it left.',
  booking: 'The customer asks to book or reserve something, which a person or the booking flow does.',
};

/** An offline escalation with no reply: nothing from the knowledge should be sent. */
function handOff(input: { language: string; summary: string; guardrails: string[]; reason: string; tags: string[]; basis: DecisionBasis }): OfflineProposal {
  return {
    basis: input.basis,
    path: 'offline',
    action: 'escalate',
    replyText: '',
    language: input.language,
    citationIds: [],
    quotes: {},
    confidence: 0,
    summary: input.summary,
    escalation: { reason: input.reason, priority: 'normal', tags: input.tags },
    guardrails: input.guardrails,
  };
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
  // Thanks, a greeting or a booking ask: sentences from the knowledge would not answer it.
  const noKnowledge = noKnowledgeNeeded(request.latestMessage);
  if (noKnowledge) {
    return handOff({ language, summary, guardrails: [...extraGuardrails, 'no-knowledge-needed'], reason: NO_KNOWLEDGE_REASONS[noKnowledge], tags: ['no-knowledge-needed', noKnowledge], basis: 'no-answer-needed' });
  }
  const extracted = extractAnswer({
    question: request.latestMessage,
    conversation: conversationOf(request),
    passages: request.passages,
    maxSentences: MAX_SENTENCES[shape],
    maxWords: MAX_WORDS[shape],
  });
  if (extracted.used.length === 0) {
    return handOff({ language, summary, guardrails: [...extraGuardrails], reason: 'No knowledge matched the question.', tags: ['low-confidence'], basis: 'nothing-found' });
  }
  const guardrails = [...extraGuardrails];
  // Read on the passages the reply comes from and all the evidence, without the names they are
  // about: a one-sentence reply is too short to tell English from Italian.
  const knowledgeText = [...extracted.used.map((passage) => `${passage.title}\n${passage.content}`), ...extracted.evidenceSentences].join('\n');
  const answerLanguage = knowledgeLanguage(knowledgeText, language, [...new Set(extracted.used.flatMap((passage) => passage.sectionPath))]);
  const isMismatch = primaryTag(answerLanguage) !== primaryTag(language);
  if (isMismatch) guardrails.push('language-mismatch');
  // As prose: a heading line ("## What can't be returned") is no sentence a name could sit inside.
  const texts = [request.latestMessage, ...extracted.used.map((passage) => stripMarkdown(passage.content))];
  const lifted = answerLanguage.toLowerCase().startsWith('en') ? extracted.sentences.map(withoutConnective) : extracted.sentences;
  const sentences = lifted.map((sentence, index) => (index === 0 ? polarAnswer({ question: request.latestMessage, sentence, language: answerLanguage, texts, coverage: extracted.leadHoldsFocus ? extracted.leadCoverage : 0 }) : sentence));
  // The decision was fit on the whole evidence, not the shortened reply (as the confidence is).
  const signals = decisionSignals({ message: request.latestMessage, passages: request.passages, sentences: extracted.evidenceSentences, isLanguageMismatch: isMismatch });
  return {
    path: 'offline',
    action: 'reply',
    replyText: composeBody(shape, sentences, extracted.used, isMismatch ? answerLanguage : language, replySubject({ lead: extracted.sources[0], reply: sentences.join(' '), conversation: spokenText(request) })),
    language: isMismatch ? answerLanguage : language,
    citationIds: extracted.used.map((passage) => passage.id),
    quotes: quotesOf(sentences, extracted.sources),
    // Across languages the words cannot overlap, so coverage says nothing: retrieval alone decides
    // between draft and escalation (a reply is blocked anyway; the agent translates).
    confidence: isMismatch ? Math.max(extracted.confidence, Math.min(OFFLINE_CONFIDENCE_CAP, extracted.evidence.topScore)) : extracted.confidence,
    answerability: answerability(signals),
    signals,
    summary,
    guardrails,
    isReplyBlocked: isMismatch,
  };
}
