import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../types.js';
import { cleanMessageText } from './clean-message-text.js';
import { createSolvedTicketsSource, questionAnswerPairs, type SolvedTicket, type SolvedTicketMessage } from './solved-tickets-source.js';

async function collect(iterable: AsyncIterable<SourceDocument>): Promise<SourceDocument[]> {
  const documents: SourceDocument[] = [];
  for await (const document of iterable) documents.push(document);
  return documents;
}

async function* listOf(tickets: SolvedTicket[]): AsyncIterable<SolvedTicket> {
  for (const ticket of tickets) yield ticket;
}

const message = (role: SolvedTicketMessage['role'], bodyText: string, minute: number, isPublic = true): SolvedTicketMessage => ({
  role,
  isPublic,
  bodyText,
  createdAt: new Date(Date.UTC(2024, 4, 1, 10, minute)).toISOString(),
});

/** Every piece of personal data planted in the ticket below. */
const PLANTED = [
  'jane.doe@example.com',
  'jdoe@work.example.org',
  '(555) 123-4567',
  '+44 20 7946 0958',
  '4111 1111 1111 1111',
  '5500-0000-0000-0004',
  'DE89 3704 0044 0532 0130 00',
  '742 Evergreen Terrace',
  'Springfield, IL 62704',
  'Jane',
  'Doe',
  'Marcus',
  'Okafor',
];

const refundTicket: SolvedTicket = {
  id: '48213',
  subject: 'Refund for order NW-10482 (jane.doe@example.com)',
  url: 'https://acme.zendesk.com/agent/tickets/48213',
  updatedAt: '2024-05-02T09:00:00Z',
  names: ['Jane Doe', 'Marcus Okafor'],
  messages: [
    message(
      'customer',
      'Hello,\n\nMy order NW-10482 from 2024-04-28 ($129.99) arrived damaged. I paid with 4111 1111 1111 1111.\n' +
        'Please call me at (555) 123-4567 or +44 20 7946 0958, or ship a replacement to 742 Evergreen Terrace, Springfield, IL 62704.\n\nThanks,\nJane Doe',
      0,
    ),
    message('bot', 'Thanks for contacting Acme! An agent will reply within 24 hours. Reference: jane.doe@example.com', 1),
    message('agent', 'Customer is VIP, card on file 5500-0000-0000-0004. Approve without photo.', 2, false),
    message(
      'agent',
      'Hi Jane,\n\nSorry about the damaged parcel. I have refunded $129.99 to your card; it shows up within 5 business days.\n\n' +
        'Best regards,\nMarcus\nAcme Support\n\n' +
        'On Wed, May 1, 2024 at 10:00 AM Jane Doe <jane.doe@example.com> wrote:\n> My order NW-10482 arrived damaged.\n> Call (555) 123-4567',
      3,
    ),
    message('customer', 'Thanks Marcus! Can the refund go to my bank instead? IBAN DE89 3704 0044 0532 0130 00. Reply to jdoe@work.example.org\n\nSent from my iPhone', 4),
    message('agent', 'Hello Mrs. Doe,\nrefunds always go back to the original payment method, so we cannot send it to a bank account.\n-- \nMarcus Okafor | Acme', 5),
    message('system', 'Ticket solved by trigger "Auto-close"', 6),
  ],
};

describe('createSolvedTicketsSource', () => {
  it('turns a solved ticket into redacted question/answer pairs', async () => {
    const source = createSolvedTicketsSource({ list: () => listOf([refundTicket]) });
    const [document] = await collect(source.documents());
    expect(source.kind).toBe('solved_tickets');
    expect(document).toMatchObject({
      externalId: '48213',
      title: 'Refund for order NW-10482 ([EMAIL])',
      url: null,
      locale: 'en',
      visibility: 'internal',
      updatedAt: '2024-05-02T09:00:00Z',
      metadata: { pairs: 2, ticketUrl: 'https://acme.zendesk.com/agent/tickets/48213' },
    });
    expect(document!.markdown).toBe(
      [
        '# Refund for order NW-10482 ([EMAIL])',
        '**Customer:**',
        'Hello,\n\nMy order NW-10482 from 2024-04-28 ($129.99) arrived damaged. I paid with [CARD].\n' +
          'Please call me at [PHONE] or [PHONE], or ship a replacement to [ADDRESS].\n\nThanks,\n[NAME]',
        '**Agent:**',
        'Hi [NAME],\n\nSorry about the damaged parcel. I have refunded $129.99 to your card; it shows up within 5 business days.\n\nBest regards,\n[NAME]\nAcme Support',
        '## Follow-up',
        '**Customer:**',
        'Thanks [NAME]! Can the refund go to my bank instead? IBAN [IBAN]. Reply to [EMAIL]',
        '**Agent:**',
        'Hello [NAME],\nrefunds always go back to the original payment method, so we cannot send it to a bank account.',
      ].join('\n\n'),
    );
  });

  it('lets no email, phone, card, IBAN, address or known name into the yielded document', async () => {
    const [document] = await collect(createSolvedTicketsSource({ list: () => listOf([refundTicket]) }).documents());
    const yielded = JSON.stringify(document);
    for (const secret of PLANTED) expect(yielded).not.toContain(secret);
    expect(yielded).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);
    expect(yielded).not.toMatch(/\d{3}\)?[ .-]\d{3}[ .-]\d{4}/);
    expect(yielded).not.toMatch(/\b\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{4}\b/);
    // Internal notes, bot and system messages never reach the index.
    expect(yielded).not.toMatch(/VIP|Approve without photo|An agent will reply|Auto-close/);
    // What agents need survives: order number, date, amount.
    expect(yielded).toContain('NW-10482');
    expect(yielded).toContain('2024-04-28');
    expect(yielded).toContain('$129.99');
  });

  it('redacts names learned from greetings in one message wherever they appear', async () => {
    const ticket: SolvedTicket = {
      id: '7',
      subject: 'Question from Priyanka about invoices',
      updatedAt: '2024-05-02T09:00:00Z',
      messages: [
        message('customer', 'Where do I download invoices?\n\nCheers,\nPriyanka', 0),
        message('agent', 'Hi Priyanka, invoices are under Billing > Invoices.', 1),
      ],
    };
    const [document] = await collect(createSolvedTicketsSource({ list: () => listOf([ticket]) }).documents());
    expect(document!.title).toBe('Question from [NAME] about invoices');
    expect(document!.markdown).not.toContain('Priyanka');
  });

  it('skips tickets without an answered question and uses the ticket locale', async () => {
    const unanswered: SolvedTicket = { id: '1', subject: 'Spam', updatedAt: '2024-05-02T09:00:00Z', messages: [message('customer', 'Buy followers now', 0)] };
    const outbound: SolvedTicket = {
      id: '2',
      subject: 'Survey',
      updatedAt: '2024-05-02T09:00:00Z',
      messages: [message('agent', 'How did we do?', 0)],
    };
    const spanish: SolvedTicket = {
      id: '3',
      subject: 'Envío',
      locale: 'es-ES',
      updatedAt: '2024-05-02T09:00:00Z',
      messages: [message('customer', '¿Cuánto tarda el envío?', 0), message('agent', 'Entre 3 y 5 días laborables.', 1)],
    };
    const documents = await collect(createSolvedTicketsSource({ list: () => listOf([unanswered, outbound, spanish]) }).documents());
    expect(documents.map((document) => [document.externalId, document.locale])).toEqual([['3', 'es-es']]);
  });
});

describe('questionAnswerPairs', () => {
  it('groups consecutive customer messages into a question and public agent replies into its answer, in time order', () => {
    const pairs = questionAnswerPairs([
      message('agent', 'second answer', 5),
      message('customer', 'first question', 0),
      message('customer', 'more detail', 1),
      message('agent', 'internal thought', 2, false),
      message('agent', 'first answer', 3),
      message('customer', 'follow-up', 4),
    ]);
    expect(pairs).toEqual([
      { question: ['first question', 'more detail'], answer: ['first answer'] },
      { question: ['follow-up'], answer: ['second answer'] },
    ]);
  });
});

describe('cleanMessageText', () => {
  it('cuts quoted replies, Outlook headers, reply markers and signatures', () => {
    expect(cleanMessageText('Yes please.\n\nOn Tue, 30 Apr 2024, Jane <j@x.io> wrote:\n> old')).toBe('Yes please.');
    expect(cleanMessageText('Done.\n\n-----Original Message-----\nFrom: a')).toBe('Done.');
    expect(cleanMessageText('Fine\n________________\nFrom: Bob\nSent: Monday')).toBe('Fine');
    expect(cleanMessageText('##- Please type your reply above this line -##\nold')).toBe('');
    expect(cleanMessageText('Thanks\n-- \nBob Smith\nCEO')).toBe('Thanks');
    expect(cleanMessageText('Inline\n> quoted line\nreply')).toBe('Inline\nreply');
  });
});
