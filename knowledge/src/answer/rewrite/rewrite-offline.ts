import { detectLanguage } from '../text/detect-language.js';
import { firstName, splitSentences } from '../text/text-tools.js';
import type { RewriteRequest, RewriteResult } from '../types.js';

/**
 * Offline rewrites: deterministic transformations, English only for the tone changes. What
 * cannot be done honestly without a model (translation, tone in other languages) comes back with
 * `isAvailable: false` and the text unchanged, never a fake.
 */

interface Parts {
  greeting: string | undefined;
  body: string[];
  closing: string[];
}

const GREETING = /^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings)\b[^\n]{0,60}[,!:]?$/iu;
const SIGN_OFF = /^(?:(?:best|kind|warm|many)?\s*(?:regards|wishes)|best|thanks(?: again)?|thank you|cheers|sincerely|yours(?: truly| sincerely)?|all the best|take care)[,.!]?$/iu;
const FILLER = [
  /^(?:thanks|thank you)(?: so much)? for (?:getting in touch|reaching out|contacting us|your (?:message|patience|email))[.!]?$/iu,
  /^i hope (?:this|that) helps[.!]?$/iu,
  /^(?:please )?(?:let (?:me|us) know|don't hesitate to (?:contact|reach out)|do not hesitate to (?:contact|reach out)|feel free to (?:contact|reach out))\b.*[.!]$/iu,
  /^(?:have a (?:great|nice|good|lovely) (?:day|week|weekend))[.!]?$/iu,
  /^(?:we|i) (?:appreciate|understand) (?:your patience|how frustrating|that this)\b.*[.!]$/iu,
];

function split(text: string): Parts {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  while (lines.length > 0 && (lines[0] ?? '').trim() === '') lines.shift();
  let greeting: string | undefined;
  if (lines.length > 1 && GREETING.test((lines[0] ?? '').trim())) greeting = (lines.shift() ?? '').trim();
  let closing: string[] = [];
  for (let index = Math.max(0, lines.length - 4); index < lines.length; index += 1) {
    if (SIGN_OFF.test((lines[index] ?? '').trim())) {
      closing = lines.splice(index).map((line) => line.trim()).filter(Boolean);
      break;
    }
  }
  return { greeting, body: lines, closing };
}

function join(parts: Parts): string {
  const blocks = [parts.greeting, parts.body.join('\n').trim(), parts.closing.join('\n')].filter((block): block is string => Boolean(block && block.trim()));
  return blocks.join('\n\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Sentences worth keeping first: the opening answer, steps, numbers, links, dates. */
function importance(sentence: string, position: number): number {
  let score = position === 0 ? 3 : 0;
  if (/https?:\/\//.test(sentence)) score += 2;
  if (/\d/.test(sentence)) score += 1.5;
  if (/^\s*(?:[-*+]|\d+[.)])\s/.test(sentence)) score += 1;
  if (/\b(?:go to|click|open|select|choose|enter|reset|return|refund|ship|deliver|within|until|before|after)\b/i.test(sentence)) score += 1;
  return score - position * 0.05;
}

function shorter(text: string): string {
  const parts = split(text);
  const sentences = parts.body.flatMap((line) => (/^\s*(?:[-*+]|\d+[.)])\s/.test(line) ? [line.trim()] : splitSentences(line)));
  const kept = sentences.filter((sentence) => !FILLER.some((pattern) => pattern.test(sentence.trim())));
  const budget = Math.max(1, Math.ceil(kept.length / 2));
  const chosen = kept
    .map((sentence, position) => ({ sentence, position, score: importance(sentence, position) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, budget)
    .sort((a, b) => a.position - b.position)
    .map(({ sentence }) => sentence);
  // A list keeps its lines; prose becomes one paragraph.
  const body = chosen.reduce((out, sentence) => (/^(?:[-*+]|\d+[.)])\s/.test(sentence) ? `${out}\n${sentence}` : out.length === 0 || out.endsWith('\n') ? `${out}${sentence}` : `${out} ${sentence}`), '');
  return join({ greeting: parts.greeting, body: [body.trim()], closing: parts.closing.slice(0, 2) });
}

const FORMAL_SWAPS: Array<[RegExp, string]> = [
  [/\bcan't\b/giu, 'cannot'],
  [/\bwon't\b/giu, 'will not'],
  [/n't\b/giu, ' not'],
  [/\b(I|you|we|they)'re\b/giu, '$1 are'],
  [/\b(it|that|there|what)'s\b/giu, '$1 is'],
  [/\bI'm\b/gu, 'I am'],
  [/\b(I|you|we|they)'ll\b/giu, '$1 will'],
  [/\b(I|you|we|they)'ve\b/giu, '$1 have'],
  [/\b(I|you|we|they)'d\b/giu, '$1 would'],
  [/\basap\b/giu, 'as soon as possible'],
  [/\bthanks a lot\b/giu, 'thank you very much'],
  [/\bthanks\b/giu, 'thank you'],
  [/\b(?:no worries|no problem)\b/giu, 'certainly'],
  [/\bsorry\b/giu, 'we apologize'],
  [/\bgonna\b/giu, 'going to'],
  [/\bwanna\b/giu, 'want to'],
  [/\bhey\b/giu, 'hello'],
  [/\bok(?:ay)?\b/giu, 'all right'],
  [/\bget back to you\b/giu, 'respond to you'],
  [/\bcheck out\b/giu, 'review'],
];

const FRIENDLY_SWAPS: Array<[RegExp, string]> = [
  [/\bwe regret to inform you that\b/giu, 'unfortunately,'],
  [/\bplease be advised that\s*/giu, ''],
  [/\bkindly\b/giu, 'please'],
  [/\bwe apologi[sz]e for any inconvenience(?: caused)?\b/giu, "we're sorry for the trouble"],
  [/\bwe apologi[sz]e\b/giu, "we're sorry"],
  [/\bdo not\b/giu, "don't"],
  [/\bcannot\b/giu, "can't"],
  [/\bwe are\b/giu, "we're"],
  [/\byou are\b/giu, "you're"],
  [/\bit is\b/giu, "it's"],
  [/\bI am\b/gu, "I'm"],
  [/\bwe will\b/giu, "we'll"],
  [/\bin order to\b/giu, 'to'],
  [/\bprior to\b/giu, 'before'],
  [/\bsubsequently\b/giu, 'then'],
  [/\bat your earliest convenience\b/giu, 'whenever suits you'],
];

function swap(text: string, swaps: ReadonlyArray<[RegExp, string]>): string {
  let out = text;
  for (const [pattern, replacement] of swaps) {
    out = out.replace(pattern, (match, ...groups: unknown[]) => {
      const replaced = replacement.replace(/\$(\d)/g, (_all, index: string) => String(groups[Number(index) - 1] ?? ''));
      // Keep a capital at the start of a sentence.
      return /^\p{Lu}/u.test(match) && replaced.length > 0 ? replaced[0]?.toUpperCase() + replaced.slice(1) : replaced;
    });
  }
  return out.replace(/(^|[.!?]\s+)(\p{Ll})/gu, (_all, lead: string, letter: string) => `${lead}${letter.toUpperCase()}`);
}

// Words that follow "Hi" in a greeting without being anyone's name ("Hi there,", "Hello team,").
const NOT_A_NAME = new Set(['there', 'all', 'everyone', 'team', 'folks', 'friend', 'friends', 'customer', 'sir', 'madam', 'you']);

/** The customer's first name: from the request, else from the draft's greeting when it names someone. */
function greetingName(request: RewriteRequest, greeting: string | undefined): string | undefined {
  const known = firstName(request.customerName);
  if (known) return known;
  const named = greeting?.match(/^(?:hi|hello|hey|dear)\s+(?:mr\.?\s+|ms\.?\s+|mrs\.?\s+)?([^\s,!:]+)/iu)?.[1];
  return named && !NOT_A_NAME.has(named.toLowerCase()) ? firstName(named) : undefined;
}

function moreFormal(text: string, request: RewriteRequest): string {
  const parts = split(text);
  const name = greetingName(request, parts.greeting);
  const body = parts.body.map((line) =>
    swap(line, FORMAL_SWAPS)
      .replace(/\p{Extended_Pictographic}\uFE0F?/gu, '')
      .replace(/!+/g, '.')
      .replace(/[ \t]{2,}/g, ' ')
      .trimEnd(),
  );
  const signature = parts.closing.slice(1);
  const fallbackSignature = [request.agentName, request.companyName].filter((line): line is string => Boolean(line));
  return join({
    greeting: name ? `Dear ${name},` : 'Dear customer,',
    body,
    closing: ['Kind regards,', ...(signature.length > 0 ? signature : fallbackSignature)],
  });
}

function friendlier(text: string, request: RewriteRequest): string {
  const parts = split(text);
  const name = greetingName(request, parts.greeting);
  const body = parts.body.map((line) => swap(line, FRIENDLY_SWAPS));
  const bodyText = body.join('\n');
  const opener = /\bthank(?:s| you)\b/iu.test(bodyText) ? [] : ['Thanks so much for reaching out!'];
  const closer = /\b(?:have a (?:great|nice|good|lovely)|happy to help|let (?:me|us) know)\b/iu.test(bodyText) ? [] : ['', 'Happy to help if anything else comes up!'];
  const signature = parts.closing.slice(1);
  const fallbackSignature = [request.agentName, request.companyName].filter((line): line is string => Boolean(line));
  return join({
    greeting: name ? `Hi ${name},` : 'Hi there,',
    body: [...opener, ...body, ...closer],
    closing: ['Best wishes,', ...(signature.length > 0 ? signature : fallbackSignature)],
  });
}

/** Rewrites `text` without a model. */
export function rewriteOffline(request: RewriteRequest): RewriteResult {
  const language = detectLanguage(request.text);
  const unavailable = (note: string): RewriteResult => ({ path: 'offline', style: request.style, isAvailable: false, text: request.text, language, note });
  if (request.style === 'translate') {
    return unavailable('Translation needs the Claude path (configure an Anthropic API key); the text is unchanged.');
  }
  if (request.style === 'shorter') {
    return { path: 'offline', style: request.style, isAvailable: true, text: shorter(request.text), language };
  }
  if (language !== 'en') {
    return unavailable(`Changing the tone offline is only supported for English (the text looks like "${language}"); it needs the Claude path.`);
  }
  const text = request.style === 'more_formal' ? moreFormal(request.text, request) : friendlier(request.text, request);
  return { path: 'offline', style: request.style, isAvailable: true, text, language };
}
