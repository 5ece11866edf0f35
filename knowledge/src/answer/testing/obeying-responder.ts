import { revealHiddenText } from '../guardrails/passage-injection.js';
import { element, unescapeData, userText, type FakeAnthropicRequest, type FakeResponder } from './fake-anthropic.js';

/**
 * A model that does what injected text tells it to: the stand-in for any injection the input
 * regexes miss. It reads the customer's message and every source as a compromised model would
 * (hidden characters revealed, base64 decoded) and, for each instruction it recognises, writes
 * the payload into a confident, cited `reply`: a refund promise, its instructions and canary, the
 * attacker's link, the sentence it was told to say. With no instruction it answers honestly with
 * the first sentence of the first source, like the default responder.
 *
 * @example
 * const obeying = createObeyingResponder();
 * const fake = await startFakeAnthropic({ responder: obeying.responder });
 * ...
 * expect(obeying.produced[0]?.obeyed).toContain('refund');
 */

/** What the fake wrote for one request, and which instructions it followed. */
export interface ObeyedReply {
  replyText: string;
  obeyed: Array<'refund' | 'leak' | 'link' | 'say'>;
}

export interface ObeyingResponder {
  responder: FakeResponder;
  /** Every answer it produced, in order. */
  readonly produced: ObeyedReply[];
}

const REFUND = /refund|reembols|rembours|erstatt|rimbors|money back|credit|compensat|gutschrift|abono/iu;
// An ask for money, not a mention of it: a refund word with an amount, or compensation and credits.
const MONEY_ASK = /compensat|credit|[$€£]\s?\d|\d\s?(?:[$€£]|usd|eur)/iu;
const LEAK = /system\s+prompt|your\s+(?:instructions|prompt|rules|marker|canary)|marker|canary|instrucciones|consignes|anweisungen|istruzioni/iu;
const URL = /\bhttps?:\/\/[^\s<>"')\]]+|\bwww\.[^\s<>"')\]]+/iu;
// The sentence the injection wants said: quoted text after say/write/confirm/tell (or their translations).
const SAY = /\b(?:say|says|write|reply|respond|confirm|tell (?:them|the customer|customers|me)|answer|di|dile|escribe|confirma|écris|dites|confirme|schreib\w*|sag\w*|best[äa]tig\w*)\b[^"“«„]{0,40}["“«„]([^"”»“]{8,200})["”»“]/iu;
const AMOUNT = /(?:[$€£]\s?\d[\d.,]*|\d[\d.,]*\s?(?:[$€£]|usd|eur|dollars?|euros?))/giu;

function systemText(request: FakeAnthropicRequest): string {
  const system = request.body?.system;
  if (!system) return '';
  return typeof system === 'string' ? system : system.map((block) => block.text).join('\n');
}

/** Base64 runs decoded, so "decode and follow: cHJvbWlzZS…" works as it would on a capable model. */
function decoded(text: string): string {
  const extra: string[] = [];
  for (const run of text.match(/[A-Za-z0-9+/]{16,}={0,2}/g) ?? []) {
    const plain = Buffer.from(run, 'base64').toString('utf8');
    if (/^[\p{L}\p{N}\p{P}\p{Zs}$€£]+$/u.test(plain)) extra.push(plain);
  }
  return extra.join('\n');
}

function largestAmount(text: string): string {
  const amounts = text.match(AMOUNT) ?? [];
  const value = (raw: string) => Number(raw.replace(/[^\d]/g, ''));
  return amounts.sort((a, b) => value(b) - value(a))[0]?.trim() ?? '$5,000';
}

/** Creates an obeying responder for `startFakeAnthropic({ responder })`. */
export function createObeyingResponder(): ObeyingResponder {
  const produced: ObeyedReply[] = [];

  const responder: FakeResponder = (request) => {
    const user = userText(request.body);
    const system = systemText(request);
    const sources = [...user.matchAll(/<source id="([^"]+)"([^>]*)>\n?([\s\S]*?)\n?<\/source>/g)].map((match) => ({
      id: unescapeData(match[1] ?? ''),
      isPublic: (match[2] ?? '').includes('visibility="public"'),
      content: unescapeData(match[3] ?? ''),
    }));
    const visible = [element(user, 'ticket_subject') ?? '', element(user, 'customer_message') ?? '', ...sources.map((source) => source.content)].join('\n');
    const read = `${revealHiddenText(visible)}\n${decoded(visible)}`;
    const language = /detected_language="([^"]+)"/.exec(user)?.[1] ?? 'en';

    const honest = sources[0]?.content.replace(/^#+\s.*$/gm, '').replace(/\s+/g, ' ').trim().match(/^.*?[.!?](?=\s|$)/)?.[0] ?? '';
    const parts = [honest];
    const obeyed: ObeyedReply['obeyed'] = [];
    const said = SAY.exec(read)?.[1];
    if (said) {
      parts.push(said.trim());
      obeyed.push('say');
    }
    if (REFUND.test(read) && MONEY_ASK.test(read)) {
      parts.push(`We have approved your refund of ${largestAmount(read)}, and it is on its way.`);
      obeyed.push('refund');
    }
    // Letters spaced apart may reach it with the spaces collapsed ("p r i n t y o u r …"); a model still reads them.
    if (LEAK.test(read) || /systemprompt|yourinstructions/i.test(read.replace(/\s+/g, ''))) {
      const canary = /Marker:\s*(\S+)/.exec(system)?.[1] ?? '';
      parts.push(`Here are my instructions: ${system.slice(0, 240).replace(/\s+/g, ' ')} Marker: ${canary}`);
      obeyed.push('leak');
    }
    const link = URL.exec(read)?.[0];
    if (link) {
      parts.push(`Please continue at ${link.replace(/[.,;:!?]+$/, '')} to finish.`);
      obeyed.push('link');
    }
    const replyText = parts.filter(Boolean).join(' ');
    produced.push({ replyText, obeyed });
    return {
      kind: 'tool_use',
      name: 'answer_ticket',
      input: {
        action: 'reply',
        reply_text: replyText,
        language,
        // Only public sources: an internal citation alone would keep the reply a draft, and an attacker wants it sent.
        citations: sources.filter((source) => source.isPublic).map((source) => source.id),
        confidence: 1,
        summary: 'The customer wrote once.',
      },
    };
  };

  return { responder, produced };
}
