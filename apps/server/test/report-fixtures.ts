import type { Channel } from '@threadline/connector-core';
import { createDemoDataset, type DemoCustomer, type DemoDataset, type DemoMessage, type DemoSatisfaction, type DemoTicket } from '@threadline/connector-core/demo';
import { recordStatusChange, type ZendeskSandbox } from '@threadline/zendesk/sandbox';

/**
 * The hand-made history of the reports test. Times are UTC instants; the tenant's business hours
 * are Europe/London, Monday–Friday 09:00–17:00, and in early October 2026 London is on summer
 * time (UTC+1), so 15:30Z is 16:30 in London.
 */

const customer = (key: string, name: string, identities: DemoCustomer['identities']): DemoCustomer => ({
  key,
  name,
  locale: 'en-GB',
  identities,
  mergedIdentities: [],
  createdAt: '2026-01-05T10:00:00Z',
});

const message = (role: DemoMessage['role'], createdAt: string, text: string, channel?: Channel): DemoMessage => ({
  role,
  isPublic: true,
  text,
  createdAt,
  ...(role === 'agent' ? { agentKey: 'alex' } : {}),
  ...(channel ? { channel } : {}),
});

function ticket(input: {
  key: string;
  customerKey: string;
  channel: Channel;
  via: DemoTicket['via'];
  messages: DemoMessage[];
  status?: DemoTicket['status'];
  satisfaction?: DemoSatisfaction;
  /** What the helpdesk's own metrics say, when the last update is not the solve. */
  helpdesk?: { solvedAt: string; updatedAt: string; reopens: number };
}): DemoTicket {
  return {
    key: input.key,
    customerKey: input.customerKey,
    channel: input.channel,
    via: input.via,
    subject: `About ${input.key}`,
    status: input.status ?? 'solved',
    priority: 'normal',
    groupKey: 'general',
    assigneeKey: 'alex',
    tags: [],
    createdAt: input.messages[0]?.createdAt ?? '',
    updatedAt: input.helpdesk?.updatedAt ?? input.messages.at(-1)?.createdAt ?? '',
    messages: input.messages,
    ...(input.satisfaction ? { satisfaction: input.satisfaction } : {}),
    ...(input.helpdesk ? { solvedAt: input.helpdesk.solvedAt, reopens: input.helpdesk.reopens } : {}),
  };
}

const ada = { email: { type: 'email' as const, value: 'ada@example.org' }, phone: { type: 'phone' as const, value: '+447700900101' } };
const di = { email: { type: 'email' as const, value: 'di@example.org' }, phone: { type: 'phone' as const, value: '+447700900104' } };

/** The Zendesk account: four customers, five tickets. */
export function zendeskHistory(): DemoDataset {
  const base = createDemoDataset({ generatedCustomers: 0 });
  return {
    ...base,
    organizations: [],
    articles: [],
    macros: [],
    customers: [
      customer('ada', 'Ada Weekend', [ada.email, ada.phone]),
      customer('bo', 'Bo Evening', [{ type: 'email', value: 'bo@example.org' }]),
      customer('cy', 'Cy Auto', [{ type: 'email', value: 'cy@example.org' }]),
      customer('di', 'Di Phone', [di.email, di.phone]),
    ],
    tickets: [
      // Friday 16:30 London → Monday 09:45: 30 + 45 = 75 business minutes. Solved Monday 11:00.
      ticket({
        key: 'a1', customerKey: 'ada', channel: 'email', via: ada.email,
        messages: [message('customer', '2026-10-02T15:30:00Z', 'My jacket arrived torn.'), message('agent', '2026-10-05T08:45:00Z', 'A replacement is on its way.'), message('customer', '2026-10-05T10:00:00Z', 'Thanks!')],
        satisfaction: { rating: 'good', comment: 'Lovely', createdAt: '2026-10-05T12:00:00Z' },
      }),
      // Wednesday 18:30 London (after hours) → Thursday 09:10: 10 business minutes; solved 10:10: 70.
      ticket({
        key: 'b1', customerKey: 'bo', channel: 'chat', via: { type: 'email', value: 'bo@example.org' },
        messages: [message('customer', '2026-10-07T17:30:00Z', 'Which boot size?'), message('agent', '2026-10-08T08:10:00Z', 'Take the 9.5.'), message('customer', '2026-10-08T09:10:00Z', 'Thanks.')],
        satisfaction: { rating: 'bad', comment: 'Slow', createdAt: '2026-10-08T12:00:00Z' },
      }),
      // Threadline replied 2 minutes after the customer and nobody came back: an automated resolution.
      ticket({
        key: 'c1', customerKey: 'cy', channel: 'email', via: { type: 'email', value: 'cy@example.org' },
        messages: [message('customer', '2026-10-12T09:00:00Z', 'How do I return a jacket?'), message('bot', '2026-10-12T09:02:00Z', 'Start a return from Account → Orders.')],
        satisfaction: { rating: 'good', createdAt: '2026-10-13T09:00:00Z' },
      }),
      // Threadline replied after 5 minutes, but two days later the customer called about it.
      ticket({
        key: 'd1', customerKey: 'di', channel: 'email', via: di.email,
        messages: [message('customer', '2026-10-13T09:00:00Z', 'Where is my refund?'), message('bot', '2026-10-13T09:05:00Z', 'Refunds take 3–10 business days.')],
      }),
      ticket({
        key: 'd2', customerKey: 'di', channel: 'voice', via: di.phone,
        messages: [message('customer', '2026-10-15T13:00:00Z', 'Call transcript: still no refund.'), message('agent', '2026-10-15T13:00:00Z', 'Refund re-issued.'), message('customer', '2026-10-15T13:30:00Z', 'Thanks, bye.')],
      }),
    ],
  };
}

/**
 * The Freshdesk account: one customer, two rated tickets (happy = good, neutral = a response only).
 * F1 was reopened (Fern wrote again after the answer) and resolved at 10:00; it was last updated at
 * 15:00, after the survey. Only the ticket's `stats` say when it was resolved and that it was
 * reopened: the thread alone would read a solve at 15:00 and no reopen.
 */
export function freshdeskHistory(): DemoDataset {
  const base = createDemoDataset({ generatedCustomers: 0 });
  const fern = { type: 'email' as const, value: 'fern@example.org' };
  return {
    ...base,
    organizations: [],
    articles: [],
    macros: [],
    customers: [customer('fern', 'Fern Fresh', [fern])],
    tickets: [
      ticket({
        key: 'f1', customerKey: 'fern', channel: 'email', via: fern,
        messages: [
          message('customer', '2026-10-14T08:00:00Z', 'Can I change my order?'), message('agent', '2026-10-14T09:00:00Z', 'Done.'),
          message('customer', '2026-10-14T09:30:00Z', 'The address too, please.'), message('agent', '2026-10-14T09:45:00Z', 'Changed.'),
        ],
        satisfaction: { rating: 'good', createdAt: '2026-10-14T12:00:00Z' },
        helpdesk: { solvedAt: '2026-10-14T10:00:00Z', updatedAt: '2026-10-14T15:00:00Z', reopens: 1 },
      }),
      ticket({
        key: 'f2', customerKey: 'fern', channel: 'web_form', via: fern,
        messages: [message('customer', '2026-10-15T08:00:00Z', 'And the colour?'), message('agent', '2026-10-15T08:30:00Z', 'Changed too.')],
        satisfaction: { rating: 'neutral', createdAt: '2026-10-15T12:00:00Z' },
      }),
    ],
  };
}

/**
 * Changes a Zendesk ticket the way the helpdesk would at a given time: a comment (the customer's
 * own, from `channel`, reopens a solved ticket), a new status, and a place in the change log.
 */
export function zendeskChange(sandbox: ZendeskSandbox, ticketKey: string, change: { at: string; role: 'customer' | 'agent'; channel: 'voice' | 'web'; text: string; status: 'open' | 'solved' }): void {
  const state = sandbox.state;
  const id = Number(sandbox.ids.ticket(ticketKey));
  const ticket = state.tickets.get(id);
  const comments = state.comments.get(id);
  if (!ticket || !comments) throw new Error(`no ticket ${ticketKey}`);
  const template = comments[0] as (typeof comments)[number];
  const via = change.channel === 'voice'
    ? { channel: 'voice', source: { from: { phone: ada.phone.value, formatted_phone: ada.phone.value, name: 'Ada Weekend' }, to: {}, rel: 'inbound' } }
    : { channel: 'web', source: { from: {}, to: {}, rel: null } };
  comments.push({
    ...template,
    id: state.nextId('comment'),
    audit_id: state.nextId('audit'),
    author_id: change.role === 'customer' ? ticket.requester_id : (state.keys.agent.get('alex') as number),
    body: change.text,
    html_body: `<p>${change.text}</p>`,
    plain_body: change.text,
    public: true,
    via: via as (typeof template)['via'],
    created_at: change.at.replace('.000Z', 'Z'),
  });
  // Zendesk's metrics follow the status: a solve stamps solved_at, solved → open counts a reopen.
  recordStatusChange(state, ticket, { from: ticket.status, to: change.status, at: change.at.replace('.000Z', 'Z') });
  ticket.status = change.status;
  ticket.updated_at = change.at.replace('.000Z', 'Z');
  ticket.generated_timestamp = Math.floor(Date.parse(change.at) / 1000);
  state.lastSeq += 1;
  state.changeSeq.set(id, state.lastSeq);
}
