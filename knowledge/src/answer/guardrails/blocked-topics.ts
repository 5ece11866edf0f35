import type { BlockedTopic, EscalationRouting } from '../types.js';
import { escapeRegExp } from '../text/text-tools.js';

/** A blocked topic found in the customer's text. */
export interface TopicMatch {
  /** The topic's name, or `refund-over-limit` for the built-in refund rule. */
  topic: string;
  /** The words that matched, as the customer wrote them. */
  matched: string;
  routing?: EscalationRouting;
}

/**
 * Sensible starting topics for a new tenant (the server may seed policies with them). The engine
 * itself applies only the topics in the policy it is given.
 */
export const DEFAULT_BLOCKED_TOPICS: BlockedTopic[] = [
  {
    name: 'legal',
    keywords: ['lawyer', 'attorney', 'lawsuit', '/\\bsu(?:e|ing)\\b/', 'legal action', 'court', 'solicitor', 'gdpr complaint', 'abogado', 'demanda', 'avocat', 'anwalt'],
    escalateTo: { group: 'Legal', priority: 'high', tags: ['legal'] },
  },
  {
    name: 'security',
    keywords: ['hacked', 'hack*', 'unauthorized', 'unauthorised', 'account takeover', 'phishing', 'fraud*', 'data breach', 'stolen password', 'someone logged into'],
    escalateTo: { group: 'Security', priority: 'urgent', tags: ['security'] },
  },
];

const cache = new Map<string, RegExp>();

/**
 * A keyword as a regular expression: `/…/` is taken as written (case-insensitive, unicode), a
 * trailing `*` matches any word ending ("refund*" → refunds, refunded), anything else is a whole
 * word or phrase with flexible spacing. A `/…/` that does not compile is matched literally.
 */
export function keywordPattern(keyword: string): RegExp {
  const cached = cache.get(keyword);
  if (cached) return cached;
  let pattern: RegExp | undefined;
  const literal = /^\/(.+)\/[a-z]*$/s.exec(keyword);
  if (literal?.[1]) {
    try {
      pattern = new RegExp(literal[1], 'iu');
    } catch {
      pattern = undefined;
    }
  }
  if (!pattern) {
    const isPrefix = keyword.endsWith('*');
    const body = (isPrefix ? keyword.slice(0, -1) : keyword).trim().split(/\s+/).map(escapeRegExp).join('\\s+');
    pattern = new RegExp(`(?<![\\p{L}\\p{N}])${body}${isPrefix ? '[\\p{L}\\p{N}]*' : '(?![\\p{L}\\p{N}])'}`, 'iu');
  }
  cache.set(keyword, pattern);
  return pattern;
}

/** Every policy topic with at least one keyword in `text`, in policy order. */
export function matchBlockedTopics(text: string, topics: readonly BlockedTopic[]): TopicMatch[] {
  const matches: TopicMatch[] = [];
  for (const topic of topics) {
    for (const keyword of topic.keywords) {
      const found = keywordPattern(keyword).exec(text);
      if (found) {
        matches.push({ topic: topic.name, matched: found[0], routing: topic.escalateTo });
        break;
      }
    }
  }
  return matches;
}

const REFUND_INTENT =
  /(?<![\p{L}])(?:refund\w*|reimburs\w*|money back|charge ?back|reembols\w*|devuelv\w* (?:el|mi) dinero|rembours\w*|r[üu]ckerstatt\w*|erstatt\w*|rimbors\w*|terugbetal\w*)/iu;

const NUMBER = String.raw`\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const CURRENCY_BEFORE = String.raw`(?:us\$|[$€£¥]|usd|eur|gbp|cad|aud|chf)`;
const CURRENCY_AFTER = String.raw`(?:[$€£¥]|usd|eur|gbp|cad|aud|chf|dollars?|euros?|pounds?|bucks)`;
const AMOUNT = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${CURRENCY_BEFORE}\\s?(${NUMBER})|(${NUMBER})\\s?${CURRENCY_AFTER}(?![\\p{L}]))`,
  'giu',
);

/** "1,299.00" / "1.299,00" / "1 299" / "49,90" → number. */
export function parseAmount(raw: string): number {
  const compact = raw.replace(/\s/g, '');
  const lastDot = compact.lastIndexOf('.');
  const lastComma = compact.lastIndexOf(',');
  const decimalAt = Math.max(lastDot, lastComma);
  if (decimalAt === -1) return Number(compact);
  const decimals = compact.length - decimalAt - 1;
  const isDecimal = lastDot !== -1 && lastComma !== -1 ? true : decimals !== 3;
  if (!isDecimal) return Number(compact.replace(/[.,]/g, ''));
  const whole = compact.slice(0, decimalAt).replace(/[.,]/g, '');
  return Number(`${whole}.${compact.slice(decimalAt + 1)}`);
}

/** Money amounts written with a currency in `text`. */
export function findAmounts(text: string): Array<{ amount: number; matched: string }> {
  const found: Array<{ amount: number; matched: string }> = [];
  for (const match of text.matchAll(AMOUNT)) {
    const raw = match[1] ?? match[2];
    if (!raw) continue;
    const amount = parseAmount(raw);
    if (Number.isFinite(amount)) found.push({ amount, matched: match[0] });
  }
  return found;
}

/**
 * The refund rule: the customer asks for money back and names an amount above `limit`.
 * Amounts without a currency are ignored (they are usually order numbers).
 */
export function matchRefundOverLimit(text: string, limit: number | undefined): TopicMatch | undefined {
  if (limit === undefined || !REFUND_INTENT.test(text)) return undefined;
  const over = findAmounts(text).filter(({ amount }) => amount > limit);
  if (over.length === 0) return undefined;
  const largest = over.reduce((a, b) => (b.amount > a.amount ? b : a));
  return { topic: 'refund-over-limit', matched: largest.matched };
}
