import type { DecisionBasis } from '@threadline/vocabulary';
import { escalateBelow } from '../decision/calibration.js';
import { decidingFigure, HAND_OFF_REASON } from '../decision/deciding-figure.js';
import { detectLanguage } from '../text/detect-language.js';
import { phrasesFor } from '../text/phrases.js';
import { citedPassageIds, citeDocuments } from '../citations/cite-documents.js';
import type { AnswerAction, AnswerPassage, AnswerPath, AnswerRequest, AnswerResult, EscalationPriority } from '../types.js';
import { matchBlockedTopics, matchRefundOverLimit, type TopicMatch } from './blocked-topics.js';
import { shapeReply } from './channel-shape.js';
import { isHumanRequested } from './human-request.js';
import { checkOutgoingReply } from './outgoing/check-reply.js';
import { flaggedPassageIds, revealHiddenText } from './passage-injection.js';
import { detectPromptInjection } from './prompt-injection.js';

/**
 * What a path (Claude or offline) proposes before the guardrails. Nothing in it is trusted:
 * citations may name unknown passages, the action may be anything, confidence may be out of range.
 */
export interface AnswerProposal {
  path: AnswerPath;
  model?: string;
  action: AnswerAction;
  /** The body of the reply; greeting and sign-off are replaced by the channel shaping. */
  replyText: string;
  language?: string;
  citationIds: string[];
  confidence: number;
  summary: string;
  /** Set when the path itself chose to escalate. */
  escalation?: { reason: string; group?: string; priority?: EscalationPriority; tags?: string[] };
  /** Notes from the path, e.g. `model-output-invalid`, `language-mismatch`. */
  guardrails: string[];
  /** The path asks for no public reply whatever its confidence (e.g. offline `language-mismatch`). */
  isReplyBlocked?: boolean;
  /**
   * The offline path's probability that the knowledge answers the message (`answerability`):
   * when present, it, not `confidence`, decides between escalating and answering.
   */
  answerability?: number;
  /** Set when the path handed off without a figure to decide on (`DecisionBasis`). */
  basis?: DecisionBasis;
}

/** What the outgoing checks need beyond the request and the proposal. */
export interface OutgoingCheckOptions {
  /** The canary put in the model's instructions for this request. */
  canary?: string;
  /** Passages whose text carries instruction-like patterns (`flaggedPassageIds`); computed when absent. */
  flaggedPassageIds?: string[];
}

/** Kept here for callers that import it with the rules; it lives with the calibrated cuts. */
export { veryLowConfidence } from '../decision/calibration.js';

const BCP47 = /^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$/;

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'topic'
  );
}

function routingForRefund(request: AnswerRequest): TopicMatch['routing'] {
  const topic = request.policy.blockedTopics.find((candidate) => ['refund-over-limit', 'refund', 'refunds'].includes(slug(candidate.name)));
  return topic?.escalateTo;
}

/** The customer-controlled text the rules look at: the subject and the message being answered. */
export function customerText(request: AnswerRequest): string {
  return `${request.ticket.subject}\n${request.latestMessage}`;
}

/**
 * Applies every rule to a proposal and returns the final, channel-shaped result. Deterministic; runs
 * after the model, so nothing the model (or text injected into it) says can lift a rule.
 *
 * Rules, in order (a rule is listed in `guardrails` whenever its condition holds):
 * - citations of ids that were not provided are dropped (`unknown-citation`); the rest become one
 *   citation per document (`citeDocuments`), however many of its chunks were cited;
 * - blocked topic in the customer's text → `escalate` with the topic's routing (`blocked-topic:<name>`);
 *   refund over `refundLimit` → `blocked-topic:refund-over-limit`;
 * - the customer asks for a person or the support line → `escalate` (`human-requested`; a blocked
 *   topic's routing wins when both hold);
 * - prompt injection in the customer's text → never `reply` (`prompt-injection`);
 * - no citation → never `reply` (`no-citation`); an internal passage cited → never `reply` (`internal-source`);
 * - confidence below the threshold → never `reply` (`low-confidence`); below `escalateBelow` or no passages → `escalate`
 *   (`very-low-confidence`, `no-knowledge`); an offline proposal's `answerability` below `escalateBelow` → `escalate`,
 *   whatever its confidence;
 * - voice channel → never `reply` (`voice-never-auto`);
 * - a passage carrying instruction-like text was given to the path → never `reply` (`passage-injection`):
 *   the model read it, and the offline path could quote it;
 * - the reply the path proposed fails a check on its own text → never `reply` (the `reply-*` codes
 *   of `checkOutgoingReply`: blocked topic, money, links, canary or prompt leak, grounding; listed
 *   also when another rule already made it a draft, so the agent sees what not to send);
 * - mode `draft` → at most `draft` (`mode-draft`, listed only when it downgraded a reply);
 * - mode `off` → always `draft` (`mode-off`); a would-be escalation is still described in `escalation`.
 *
 * The result's `decision` is the figure the outcome was decided on, with its cut (`decidingFigure`):
 * what the console, the sidebar, the helpdesk note and the replay report show.
 */
export function enforcePolicy(request: AnswerRequest, proposal: AnswerProposal, checks: OutgoingCheckOptions = {}): AnswerResult {
  const { policy, ticket, passages } = request;
  const guardrails = [...proposal.guardrails];
  const fire = (name: string): void => {
    if (!guardrails.includes(name)) guardrails.push(name);
  };

  const byId = new Map(passages.map((passage) => [passage.id, passage]));
  // One citation per document: its chunks cited apart are still one source.
  const { citations, unknownIds } = citeDocuments(proposal.citationIds, passages);
  if (unknownIds.length > 0) fire('unknown-citation');
  const citedPassages = citations.flatMap(citedPassageIds).map((id) => byId.get(id)).filter((passage): passage is AnswerPassage => passage !== undefined);
  const confidence = Number.isFinite(proposal.confidence) ? Math.min(1, Math.max(0, proposal.confidence)) : 0;
  let action: AnswerAction = proposal.action;
  let escalation = proposal.action === 'escalate' ? proposal.escalation ?? { reason: 'The model chose to escalate.' } : undefined;
  let isHoldingReply = false;

  const capAtDraft = (): void => {
    if (action === 'reply') action = 'draft';
  };

  const text = customerText(request);
  const topics = matchBlockedTopics(text, policy.blockedTopics);
  const refund = matchRefundOverLimit(text, policy.refundLimit);
  if (refund) topics.push({ ...refund, routing: routingForRefund(request) });
  if (topics.length > 0) {
    for (const topic of topics) fire(`blocked-topic:${topic.topic}`);
    const first = topics[0] as TopicMatch;
    const tags = [...new Set(topics.flatMap((topic) => topic.routing?.tags ?? [slug(topic.topic)]))];
    action = 'escalate';
    isHoldingReply = true;
    escalation = {
      reason: `Blocked topic ${topics.map((topic) => `“${topic.topic}” (customer wrote “${topic.matched}”)`).join(', ')}: always handled by a person.`,
      group: first.routing?.group,
      priority: first.routing?.priority ?? 'high',
      tags,
    };
  }

  if (isHumanRequested(text)) {
    fire('human-requested');
    // A blocked topic already escalated with its own routing; otherwise the person asked for is the default queue.
    if (topics.length === 0) {
      action = 'escalate';
      isHoldingReply = true;
      escalation = { reason: 'The customer asked to talk to a person.', priority: 'normal', tags: ['human-requested'] };
    }
  }

  // Read as a model reads it: zero-width characters and comments do not hide an instruction.
  if (detectPromptInjection(revealHiddenText(text)).length > 0) {
    fire('prompt-injection');
    capAtDraft();
  }

  // Internal passages (macros, solved tickets) may carry other customers' details: a reply that
  // leans on one goes through an agent.
  const isInternalCited = citedPassages.some((passage) => passage.visibility === 'internal');
  if (citations.length === 0) {
    fire('no-citation');
    capAtDraft();
  } else if (isInternalCited) {
    fire('internal-source');
    capAtDraft();
  }

  // The calibrated answerability, where the path gives one, decides the hand-off on its own: the
  // confidence says how good the text is, the answerability whether the knowledge answers at all.
  // It was fit on chat and bot messages; a call keeps the confidence rule (`escalateBelow` says why).
  const answerability =
    ticket.channel !== 'voice' && Number.isFinite(proposal.answerability) ? Math.min(1, Math.max(0, proposal.answerability as number)) : undefined;
  if (confidence < policy.confidenceThreshold) {
    fire('low-confidence');
    capAtDraft();
  }
  let isBelowHandOff = false;
  if (confidence < policy.confidenceThreshold || answerability !== undefined) {
    isBelowHandOff = passages.length === 0 || (answerability ?? confidence) < escalateBelow(proposal.path, policy.confidenceThreshold, ticket.channel);
    if (isBelowHandOff) fire(passages.length === 0 ? 'no-knowledge' : 'very-low-confidence');
  }
  // What every screen shows: the figure that decided, named, with the cut it was held against.
  const decision = decidingFigure({
    path: proposal.path,
    channel: ticket.channel,
    threshold: policy.confidenceThreshold,
    confidence,
    ...(answerability !== undefined ? { answerability } : {}),
    isBelowHandOff,
    ...(passages.length === 0 ? { basis: 'nothing-found' as const } : proposal.basis ? { basis: proposal.basis } : {}),
  });
  // Handed off below the cut, the answer drafted from the knowledge is still the agent's best lead.
  let closestAnswer: string | undefined;
  if (isBelowHandOff && action !== 'escalate') {
    if (passages.length > 0 && citations.length > 0 && proposal.replyText.trim().length > 0) closestAnswer = proposal.replyText.trim();
    action = 'escalate';
    isHoldingReply = true;
    escalation = {
      reason: passages.length === 0 ? 'No knowledge matched the question, so no grounded answer could be drafted.' : HAND_OFF_REASON,
      priority: 'normal',
      tags: ['low-confidence'],
    };
  }

  if (proposal.isReplyBlocked) capAtDraft();

  if (ticket.channel === 'voice') {
    fire('voice-never-auto');
    capAtDraft();
  }

  const flagged = checks.flaggedPassageIds ?? flaggedPassageIds(passages);
  if (flagged.length > 0) {
    fire('passage-injection');
    capAtDraft();
  }

  // Also on a reply another rule already held back: the agent reading the draft learns what in
  // its text must not be sent as is (a promise, a link, leaked instructions).
  if (proposal.action === 'reply' && action !== 'escalate') {
    const language = proposal.language ?? detectLanguage(request.latestMessage, ticket.locale);
    const findings = checkOutgoingReply({ text: proposal.replyText, language, cited: citedPassages, passages, policy, ...(checks.canary ? { canary: checks.canary } : {}) });
    for (const finding of findings) fire(finding.reason);
    if (findings.length > 0) action = 'draft';
  }

  if (policy.mode === 'draft' && action === 'reply') {
    fire('mode-draft');
    action = 'draft';
  }
  if (policy.mode === 'off') {
    fire('mode-off');
    action = 'draft';
  }

  const language = proposal.language && BCP47.test(proposal.language) ? proposal.language : detectLanguage(request.latestMessage, ticket.locale);
  // The tenant answers on its own only in the languages it can check; others go through an agent.
  if (policy.languages && policy.languages.length > 0 && !policy.languages.includes(language.slice(0, 2).toLowerCase())) {
    fire('language-not-allowed');
    capAtDraft();
  }
  const body = isHoldingReply || proposal.replyText.trim().length === 0 ? phrasesFor(language).holding : proposal.replyText;
  const shapeFor = (text: string, isAnswer: boolean) =>
    shapeReply(text, {
      channel: ticket.channel,
      language,
      customerName: ticket.customerName,
      agentName: policy.agentName,
      companyName: policy.companyName,
      greeting: policy.greeting,
      signOff: policy.signOff,
      isAnswer,
    });
  const shaped = shapeFor(body, !isHoldingReply && proposal.replyText.trim().length > 0);
  for (const change of shaped.changes) fire(change);
  // The agent may send the closest answer after checking it: it is shaped as the reply would have been.
  if (closestAnswer) closestAnswer = shapeFor(closestAnswer, true).text;

  return {
    path: proposal.path,
    ...(proposal.model ? { model: proposal.model } : {}),
    action,
    replyText: shaped.text,
    language,
    citations,
    confidence,
    ...(answerability !== undefined ? { answerability } : {}),
    decision,
    ...(closestAnswer ? { closestAnswer } : {}),
    summary: proposal.summary,
    ...(escalation
      ? {
          escalation: {
            reason: escalation.reason,
            summary: proposal.summary,
            ...(escalation.group ? { group: escalation.group } : {}),
            ...(escalation.priority ? { priority: escalation.priority } : {}),
            tags: escalation.tags ?? [],
          },
        }
      : {}),
    guardrails,
  };
}
