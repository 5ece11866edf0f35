import type { AuthorRole } from '@threadline/vocabulary';
import type { DocumentSource, SourceContext, SourceDocument } from '../../types.js';
import { findPersonalData, redactPersonalData } from '../../redaction/redact-personal-data.js';
import { oneLine, plainTextToMarkdown } from '../markdown/normalize-markdown.js';
import { cleanMessageText } from './clean-message-text.js';

/** One message of a solved ticket, structurally (the server maps its connector's messages to this). */
export interface SolvedTicketMessage {
  role: AuthorRole;
  /** False for internal notes, which never become answers. */
  isPublic: boolean;
  bodyText: string;
  createdAt: string;
}

export interface SolvedTicket {
  id: string;
  subject: string;
  messages: SolvedTicketMessage[];
  /** Agent-facing link; kept as `metadata.ticketUrl`, never as a citation URL. */
  url?: string;
  updatedAt: string;
  locale?: string;
  /** Names of the people on the ticket (requester, CCs, agents): redacted wherever they appear. */
  names?: string[];
}

export interface SolvedTicketsSourceOptions {
  /** Typically the server's iterator over solved tickets with their messages, oldest first. */
  list: () => AsyncIterable<SolvedTicket>;
  /** Locale of tickets that carry none. Default `en`. */
  locale?: string;
}

/** One exchange: what the customer asked (one or more messages) and the agent's public reply(ies). */
export interface QuestionAnswerPair {
  question: string[];
  answer: string[];
}

/**
 * Past solved tickets as question/answer pairs, `internal` (they help agent drafts, never cited to
 * customers). In each ticket, consecutive customer messages form a question and the public agent
 * replies that follow form its answer; internal notes, bot and system messages are left out, as are
 * quoted earlier messages and signatures. Tickets without at least one answered question are skipped.
 *
 * Personal data is redacted before anything is yielded: emails, phones, card numbers, IBANs, SSNs,
 * addresses, and names (the ticket's `names`, plus names found in greetings, sign-offs and by the
 * English recogniser, each then redacted everywhere in the ticket, subject included).
 *
 * @example
 * const source = createSolvedTicketsSource({ list: () => server.solvedTickets(tenantId) });
 */
export function createSolvedTicketsSource(options: SolvedTicketsSourceOptions): DocumentSource {
  return {
    kind: 'solved_tickets',
    async *documents(context: SourceContext = {}): AsyncIterable<SourceDocument> {
      let done = 0;
      for await (const ticket of options.list()) {
        context.signal?.throwIfAborted();
        done += 1;
        context.onProgress?.({ done, current: `ticket ${ticket.id}` });
        const document = ticketDocument(ticket, options.locale ?? 'en');
        if (document) yield document;
      }
    },
  };
}

/** The redacted document of one ticket, or null when it holds no answered question. */
export function ticketDocument(ticket: SolvedTicket, defaultLocale: string): SourceDocument | null {
  const pairs = questionAnswerPairs(ticket.messages);
  if (pairs.length === 0) return null;
  const locale = (ticket.locale ?? defaultLocale).toLowerCase();

  // Names found anywhere (a greeting in one message, a sign-off in another) are redacted everywhere.
  const texts = [ticket.subject, ...pairs.flatMap((pair) => [...pair.question, ...pair.answer])];
  const names = new Set((ticket.names ?? []).map((name) => name.trim()).filter(Boolean));
  for (const text of texts) {
    for (const span of findPersonalData(text, { names: [...names], locale })) {
      if (span.type === 'name') names.add(text.slice(span.start, span.end));
    }
  }
  // The recogniser already ran in the pass above and its names are in `names`: no need to run it twice.
  const redact = (text: string) => redactPersonalData(text, { names: [...names], locale, detectNames: false });

  const title = oneLine(redact(ticket.subject)) || `Ticket ${ticket.id}`;
  const sections = pairs.map((pair, index) =>
    [
      ...(index > 0 ? ['## Follow-up'] : []),
      '**Customer:**',
      ...pair.question.map((text) => plainTextToMarkdown(redact(text))),
      '**Agent:**',
      ...pair.answer.map((text) => plainTextToMarkdown(redact(text))),
    ].join('\n\n'),
  );
  // A last pass over the assembled text, names recogniser off: nothing the detectors know may survive
  // the joins between messages.
  const markdown = redactPersonalData(`# ${title}\n\n${sections.join('\n\n')}`, { names: [...names], locale, detectNames: false });
  return {
    externalId: ticket.id,
    title,
    url: null,
    locale,
    visibility: 'internal',
    updatedAt: ticket.updatedAt,
    markdown,
    metadata: { pairs: pairs.length, ...(ticket.url ? { ticketUrl: ticket.url } : {}) },
  };
}

/**
 * Splits a thread into exchanges: customer messages up to the first public agent reply are the
 * question; public agent replies up to the next customer message are the answer. Agent messages before
 * any customer message (an outbound ticket's opener) answer nothing and are dropped.
 */
export function questionAnswerPairs(messages: SolvedTicketMessage[]): QuestionAnswerPair[] {
  const ordered = [...messages].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  const pairs: QuestionAnswerPair[] = [];
  let current: QuestionAnswerPair = { question: [], answer: [] };
  for (const message of ordered) {
    const text = cleanMessageText(message.bodyText);
    if (!text) continue;
    if (message.role === 'customer') {
      if (current.answer.length > 0) {
        pairs.push(current);
        current = { question: [], answer: [] };
      }
      current.question.push(text);
    } else if (message.role === 'agent' && message.isPublic && current.question.length > 0) {
      current.answer.push(text);
    }
  }
  if (current.question.length > 0 && current.answer.length > 0) pairs.push(current);
  return pairs;
}
