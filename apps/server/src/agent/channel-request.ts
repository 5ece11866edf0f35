import type { Channel, HandoffChannel } from '@threadline/connector-core';
import { matchBlockedTopics } from '@threadline/knowledge/answer';
import type { BlockedTopicSetting } from './policy-repository.js';

/**
 * What a customer writes when they ask to move the conversation, by the channel they ask for.
 * English phrasings; each is a whole phrase so "I called you yesterday" or "your email said" is no request.
 */
const REQUESTS: ReadonlyArray<readonly [HandoffChannel, RegExp]> = [
  ['voice', /\b(?:call|phone|ring) me\b|\bcall me back\b|\bgive me a (?:call|ring)\b|\b(?:a|request a) call ?back\b|\b(?:talk|speak) (?:to (?:someone|somebody|a person|an agent) )?(?:on|over|by) (?:the )?phone\b/i],
  ['whatsapp', /\bwhats ?app me\b|\b(?:on|via|over|through|by|in|use|continue (?:on|in)) whats ?app\b/i],
  ['sms', /\btext me\b|\bsend me an? (?:text|sms)\b|\b(?:by|via|over) (?:text message|sms)\b/i],
  ['email', /\be-?mail me\b|\bsend (?:me )?(?:the details|the info(?:rmation)?|it|this|that|them)(?: to me)? (?:by|via|over|in an) e-?mail\b|\b(?:drop|send) me an e-?mail\b|\b(?:by|via|over) e-?mail instead\b/i],
];

/** "don't call me", "no need to call me", "please do not email me": the opposite of a request. */
const NEGATED = /\b(?:don'?t|do not|never|no need to|not)\s+(?:\w+\s+)?(?:call|phone|ring|e-?mail|text|whats ?app)\b/i;

/**
 * The channel a customer's message asks to continue on, or null. A request for the channel the
 * ticket is already on is no request to move ("email me" in an email thread is answered there).
 *
 * @example
 * requestedChannel('Can you call me instead?', 'chat') // 'voice'
 * requestedChannel('Please email me the details', 'email') // null
 */
export function requestedChannel(text: string, current: Channel): HandoffChannel | null {
  if (NEGATED.test(text)) return null;
  const found = REQUESTS.find(([, pattern]) => pattern.test(text));
  if (!found || found[0] === current) return null;
  return found[0];
}

/**
 * The channel the tenant's policy says a message's topic belongs on (a topic with `handOffTo`
 * whose keywords the message has), or null; never the channel the ticket is already on.
 *
 * @example
 * topicChannel('I need to change the card on my account', [{ name: 'payment details', keywords: ['card'], handOffTo: 'voice' }], 'chat') // 'voice'
 */
export function topicChannel(text: string, topics: readonly BlockedTopicSetting[], current: Channel): HandoffChannel | null {
  const movable = topics.filter((topic) => topic.handOffTo !== undefined && topic.handOffTo !== current);
  const [match] = matchBlockedTopics(text, movable);
  return movable.find((topic) => topic.name === match?.topic)?.handOffTo ?? null;
}
