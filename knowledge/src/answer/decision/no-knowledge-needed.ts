/**
 * Messages that need no answer from the knowledge: thanks and goodbyes, a greeting alone, a bare
 * yes or no, and requests to book or reserve something (a person or the booking flow does that,
 * not an article). Answering them with sentences lifted from the knowledge is what makes a bot
 * sound broken, so the offline path hands them on (`no-knowledge-needed`).
 *
 * The patterns are general English support phrasing; a message that also asks something ("thanks,
 * and is breakfast included?") is a question and is left to the knowledge answer.
 */
export type NoKnowledgeReason = 'thanks' | 'greeting' | 'acknowledgement' | 'booking';

const QUESTION = /\?|\b(?:what|which|where|when|how|why|who|whose|does|do|did|is|are|was|were|can|could|will|would|should|may|might|has|have|had)\b[^.!]*$/iu;

const THANKS = /^\s*(?:(?:ok(?:ay)?|great|perfect|cool|awesome|excellent|good|wonderful|fantastic|alright|all right|brilliant|lovely|that(?:'s| is) (?:great|perfect|all|it|everything|fine|helpful)|no|nope|yes)[\s,.!]*)*(?:thanks?(?: you)?(?: (?:so|very) much)?|thank u|thx|ty|cheers|much appreciated|appreciate it|that(?:'s| is| will be| would be) (?:all|everything|it)(?: (?:i need(?:ed)?|for (?:now|today)))?|(?:good)?bye|see you|have a (?:nice|good|great) (?:day|evening|one)|nothing else|no(?:thing)? more)\b[^?]*$/iu;

const GREETING = /^\s*(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|greetings)(?: there)?[\s,.!]*$/iu;

const ACKNOWLEDGEMENT = /^\s*(?:yes|yeah|yep|yup|sure|no|nope|nah|ok(?:ay)?|fine|great|perfect|sounds (?:good|great|perfect)|that (?:works|sounds good|would be (?:great|perfect|fine))|please do|go ahead)(?:[\s,.!]+(?:please|thanks?|thank you|that(?:'s| is) (?:fine|great|perfect)|sounds good|go ahead))*[\s,.!]*$/iu;

/**
 * An ask to book or reserve: "can you book it for 3 people", "I'd like to reserve a table",
 * "book me a room for two nights". Questions about bookings ("can I cancel my booking?", "how do
 * I change my reservation?") are knowledge questions and do not match.
 */
const BOOKING =
  /\b(?:(?:can|could|would|will) you (?:please )?(?:book|reserve)|(?:i(?:'d| would) like|i want|i need|we(?:'d| would) like|we want|we need|please|let's|go ahead and|can i|could i|can we|could we) (?:to )?(?:book|reserve|make (?:a|the) (?:reservation|booking))|\bbook (?:it|that|this|one|them|me|us|a (?:room|table|taxi|train|ticket|stay)))\b/iu;

/** Why the message needs no knowledge answer, or undefined when it may. */
export function noKnowledgeNeeded(text: string): NoKnowledgeReason | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 0) return undefined;
  if (BOOKING.test(trimmed)) return 'booking';
  if (QUESTION.test(trimmed)) return undefined;
  if (GREETING.test(trimmed)) return 'greeting';
  if (ACKNOWLEDGEMENT.test(trimmed)) return 'acknowledgement';
  if (THANKS.test(trimmed)) return 'thanks';
  return undefined;
}
