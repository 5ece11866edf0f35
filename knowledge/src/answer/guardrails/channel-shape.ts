import { redactText } from '../privacy/redact-text.js';
import { phrasesFor } from '../text/phrases.js';
import { escapeRegExp, firstName, splitSentences } from '../text/text-tools.js';
import type { AnswerChannel } from '../types.js';

/**
 * How a reply is laid out on a channel:
 * - `conversational` (chat, messaging, WhatsApp, SMS): at most three sentences, a one-word greeting
 *   by first name when the name is known ("Hi Jane!"), no greeting block or sign-off; an answer
 *   ends on asking whether the customer would like to know anything else, as a chat agent's does
 *   (unless it already ends on a question);
 * - `letter` (email, web form, API and anything else): greeting with the first name, body, sign-off;
 * - `social` (X, Facebook, Instagram): public-safe, short, no personal data, ends with a DM invite;
 * - `voice`: talking points for the agent on the call (never sent), no greeting or sign-off.
 */
export type ReplyShape = 'conversational' | 'letter' | 'social' | 'voice';

export function shapeOf(channel: AnswerChannel): ReplyShape {
  switch (channel) {
    case 'chat':
    case 'messaging':
    case 'whatsapp':
    case 'sms':
      return 'conversational';
    case 'social_x':
    case 'social_facebook':
    case 'social_instagram':
      return 'social';
    case 'voice':
      return 'voice';
    default:
      return 'letter';
  }
}

export interface ShapeOptions {
  channel: AnswerChannel;
  language: string;
  customerName?: string;
  agentName?: string;
  companyName?: string;
  /** The tenant's greeting line instead of the language's (`{name}`: the customer's first name, or dropped). */
  greeting?: string;
  /** The tenant's sign-off line instead of the language's. */
  signOff?: string;
  /**
   * The body answers the customer (it is not the holding reply of a hand-off): on chat it ends on
   * asking whether there is anything else, which keeps the conversation open for a follow-up.
   */
  isAnswer?: boolean;
}

export interface ShapedReply {
  text: string;
  /** What shaping had to change: `shape-trimmed`, `social-public-safe`. */
  changes: string[];
}

const CONVERSATIONAL_MAX_SENTENCES = 3;
const SOCIAL_MAX_SENTENCES = 2;
const SOCIAL_MAX_CHARS = 280;

const GREETING_LINE =
  /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|hola|buenos días|buenas|bonjour|salut|hallo|guten tag|liebe[rs]?|olá|oi|ciao|buongiorno|gentile)\b[^\n]{0,60}$/iu;
const SIGN_OFF_LINE =
  /^(?:(?:best|kind|warm|many)?\s*(?:regards|wishes)|best|thanks(?: again)?|thank you|cheers|sincerely|yours(?: truly| sincerely)?|saludos(?: cordiales)?|un saludo|atentamente|cordialement|bien à vous|viele grüße|mit freundlichen grüßen|beste grüße|atenciosamente|cordiali saluti|met vriendelijke groet)[,.!]?\s*$/iu;

/** Removes a greeting line at the top and a sign-off block (sign-off plus up to three name lines) at the bottom. */
export function stripGreetingAndSignOff(text: string): string {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && (lines[0] ?? '').trim() === '') lines.shift();
  if (lines.length > 1 && GREETING_LINE.test((lines[0] ?? '').trim())) lines.shift();
  for (let index = Math.max(0, lines.length - 4); index < lines.length; index += 1) {
    if (SIGN_OFF_LINE.test((lines[index] ?? '').trim()) && index > 0) {
      lines.splice(index);
      break;
    }
  }
  // An inline greeting sentence ("Hi Jane! Your parcel…") goes too, so it is never doubled or counted.
  return lines
    .join('\n')
    .trim()
    .replace(INLINE_GREETING, '')
    .replace(/^\p{Ll}/u, (letter) => letter.toUpperCase());
}

const INLINE_GREETING = /^¡?(?:hi|hello|hey|dear|hola|bonjour|salut|hallo|ciao|olá|oi)\b[^.!?:,\n]{0,40}[!,.:]\s+(?=\S)/iu;

const URL = /https?:\/\/[^\s)]+/giu;
// Order references: "#10234" disappears, "order 10234" keeps the word ("your order shipped").
const ORDER_HASH = /\s?#\s?\d{3,}\b/gu;
const ORDER_WORD = /\b(order|pedido|commande|bestellung|ordine|encomenda|bestelling)\s*(?:no\.?|number|nº|n°)?\s*:?\s*[A-Z0-9-]*\d[A-Z0-9-]{2,}/giu;

function normalize(text: string): string {
  return text.replace(/[ \t]{2,}/g, ' ').replace(/\s+([,.!?])/g, '$1').trim();
}

function takeSentences(body: string, max: number): { text: string; isTrimmed: boolean } {
  const sentences = splitSentences(body);
  if (sentences.length <= max) return { text: sentences.join(' '), isTrimmed: false };
  return { text: sentences.slice(0, max).join(' '), isTrimmed: true };
}

/** Lays `body` out for the channel. The body may already carry a greeting or sign-off; they are replaced. */
export function shapeReply(body: string, options: ShapeOptions): ShapedReply {
  const phrases = phrasesFor(options.language);
  const shape = shapeOf(options.channel);
  const core = stripGreetingAndSignOff(body);
  const changes: string[] = [];
  switch (shape) {
    case 'conversational': {
      // Links stay (one is enough to cite); the sentences around them are capped.
      const links = [...new Set(core.match(URL) ?? [])];
      const prose = core.replace(URL, '').replace(/\(\s*\)/g, '').replace(/[ \t]+/g, ' ');
      const prosePart = prose.replace(new RegExp(`\\s*${escapeRegExp(phrases.moreInfo)}\\s*`, 'g'), ' ').trim();
      const { text, isTrimmed } = takeSentences(prosePart, CONVERSATIONAL_MAX_SENTENCES);
      if (isTrimmed) changes.push('shape-trimmed');
      const link = links[0];
      // An agent on chat greets a customer they know by name; the greeting is not one of the sentences counted.
      const name = firstName(options.customerName);
      const greeted = name && text.length > 0 ? `${phrases.hello(name)} ${text}` : text;
      const linked = link ? `${greeted} ${phrases.moreInfo} ${link}` : greeted;
      const isOpenEnded = options.isAnswer === true && text.length > 0 && !/[?？]\s*$/u.test(text);
      return { text: isOpenEnded ? `${linked} ${phrases.anythingElse}` : linked, changes };
    }
    case 'social': {
      const links = core.match(URL) ?? [];
      const prose = normalize(core.replace(URL, '').replace(new RegExp(`\\s*${escapeRegExp(phrases.moreInfo)}\\s*`, 'g'), ' '));
      const safe = normalize(
        redactText(prose.replace(ORDER_HASH, '').replace(ORDER_WORD, '$1'), {
          names: options.customerName ? [options.customerName] : [],
          locale: options.language,
        }).replace(/\s*\[(?:EMAIL|PHONE|CARD|IBAN|SSN|ADDRESS|NAME|CUSTOMER)\]/g, ''),
      );
      if (safe !== prose) changes.push('social-public-safe');
      const { text: short, isTrimmed } = takeSentences(safe, SOCIAL_MAX_SENTENCES);
      if (isTrimmed) changes.push('shape-trimmed');
      const link = links[0];
      const withLink = link && short.length + link.length < SOCIAL_MAX_CHARS - phrases.dmInvite.length ? `${short} ${link}` : short;
      const hasInvite = /\b(?:DM|direct message|private message|mensaje directo|message privé|direktnachricht|mensagem direta|messaggio diretto|privébericht)\b/iu.test(withLink);
      return { text: hasInvite ? withLink : `${withLink} ${phrases.dmInvite}`.trim(), changes };
    }
    case 'voice':
      return { text: core, changes };
    case 'letter': {
      const signature = [options.agentName, options.companyName ? phrases.teamOf(options.companyName) : options.agentName ? undefined : phrases.defaultTeam]
        .filter((line): line is string => Boolean(line))
        .join('\n');
      const first = firstName(options.customerName);
      const greeting = options.greeting ? options.greeting.replace(/\s*\{name\}/g, first ? ` ${first}` : '').trim() : phrases.greeting(first);
      const text = `${greeting}\n\n${core}\n\n${options.signOff ?? phrases.signOff}\n${signature}`;
      return { text, changes };
    }
  }
}
