import { ANSWER_SYSTEM_PROMPT, CANARY_INSTRUCTION } from '../../claude/prompts.js';
import type { AnswerPassage, AnswerPolicy } from '../../types.js';
import { matchBlockedTopics } from '../blocked-topics.js';
import { checkReplyMoney } from './reply-money.js';
import { disallowedLinks, hostOf } from './reply-links.js';
import { containsCanary, quotedPromptSpan } from './reply-leak.js';
import { ungroundedSentences } from './reply-grounding.js';

/**
 * The checks on what goes out. The customer's text is checked on the way in; these read the
 * reply itself, because a model that followed an instruction the input checks missed (in the
 * message, or hidden in a knowledge article) writes the damage into the reply. Each failure has a
 * stable reason code; any failure keeps the reply from being sent automatically.
 *
 * Reason codes:
 * - `reply-blocked-topic:<name>`: the reply talks about a blocked topic;
 * - `reply-amount-over-limit`: an amount above the refund limit;
 * - `reply-refund-promise`: a refund, credit or compensation promised while the policy has no limit;
 * - `reply-link-not-allowed`: a link that is neither a cited passage's URL nor on a knowledge host;
 * - `reply-canary-leak`: the request's canary appears (the model printed its instructions);
 * - `reply-prompt-leak`: a long verbatim span of the system prompt appears;
 * - `reply-ungrounded`: a sentence the cited passages do not support (terms or numbers).
 */

export interface OutgoingReply {
  /** The reply body as the path wrote it, before greeting and sign-off are added. */
  text: string;
  language: string;
  /** The passages the reply cites (already resolved; unknown ids dropped). */
  cited: readonly AnswerPassage[];
  /** Every passage the path was given: their hosts are the tenant's knowledge hosts. */
  passages: readonly AnswerPassage[];
  policy: AnswerPolicy;
  /** The request's canary, when the path had one in its instructions. */
  canary?: string;
}

export interface ReplyFinding {
  reason: string;
  /** What triggered it, for the agent reading the draft and for the logs. */
  detail: string;
}

/** Hosts links may point to: the policy's knowledge hosts and the hosts of the passages retrieved for this ticket. */
function knowledgeHosts(reply: OutgoingReply): string[] {
  const fromPassages = reply.passages.filter((passage) => passage.visibility === 'public' && passage.url).map((passage) => hostOf(passage.url as string));
  return [...(reply.policy.knowledgeHosts ?? []), ...fromPassages.filter((host): host is string => host !== undefined)];
}

/**
 * Runs every outgoing check on a reply body. Deterministic; an empty list means it may go out.
 *
 * @example
 * const findings = checkOutgoingReply({ text: proposal.replyText, language: 'en', cited, passages, policy, canary });
 * if (findings.length > 0) action = 'draft';
 */
export function checkOutgoingReply(reply: OutgoingReply): ReplyFinding[] {
  const findings: ReplyFinding[] = [];
  for (const topic of matchBlockedTopics(reply.text, reply.policy.blockedTopics)) {
    findings.push({ reason: `reply-blocked-topic:${topic.topic}`, detail: topic.matched });
  }
  for (const money of checkReplyMoney(reply.text, reply.policy.refundLimit)) findings.push({ reason: money.reason, detail: money.matched });
  const links = disallowedLinks(reply.text, { citedUrls: reply.cited.flatMap((passage) => (passage.url ? [passage.url] : [])), knowledgeHosts: knowledgeHosts(reply) });
  for (const link of links) findings.push({ reason: 'reply-link-not-allowed', detail: link });
  if (reply.canary && containsCanary(reply.text, reply.canary)) findings.push({ reason: 'reply-canary-leak', detail: 'the reply contains the request canary' });
  const span = quotedPromptSpan(reply.text, [ANSWER_SYSTEM_PROMPT, CANARY_INSTRUCTION]);
  if (span) findings.push({ reason: 'reply-prompt-leak', detail: span });
  for (const sentence of ungroundedSentences(reply.text, reply.cited, reply.language)) {
    const numbers = sentence.missingNumbers.length > 0 ? `; numbers not in the sources: ${sentence.missingNumbers.join(', ')}` : '';
    findings.push({ reason: 'reply-ungrounded', detail: `“${sentence.sentence}” (overlap ${sentence.overlap}${numbers})` });
  }
  return findings;
}
