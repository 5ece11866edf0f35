import { mulberry32 as random } from '@threadline/platform';
import type { Channel } from '../channels.js';
import type { TicketStatus } from '../model.js';
import { ARTICLE_SEEDS, MACROS } from './articles.js';
import { addHistory, rateSolvedTickets } from './history.js';
import { TOPICS, type Topic } from './topics.js';
import type { DemoArticle, DemoCustomer, DemoDataset, DemoIdentity, DemoMessage, DemoOrganization, DemoTicket } from './types.js';

const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Mateo', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Amara', 'Hiro', 'Chloe', 'Diego', 'Priya', 'Jonas', 'Fatima', 'Kenji', 'Grace', 'Omar', 'Lena', 'Samuel', 'Isla', 'Arjun', 'Zoe', 'Mohammed', 'Hannah', 'Tomás', 'Aisha', 'Felix'];
const LAST = ['Nguyen', 'Garcia', 'Smith', 'Kowalski', 'Okafor', 'Larsen', 'Tanaka', 'Rossi', 'Schmidt', 'Haddad', 'Silva', 'Murphy', 'Chen', 'Dubois', 'Novak', 'Ali', 'Johansson', 'Fernandez', 'Kim', 'Brown'];

const GENERATED_CHANNELS: Channel[] = ['email', 'email', 'chat', 'web_form', 'voice', 'whatsapp', 'social_x', 'social_facebook', 'sms'];

const DAY = 86_400_000;

/** How many of the oldest closed tickets the helpdesk has archived. */
const ARCHIVED_TICKETS = 3;

const ORGANIZATIONS: DemoOrganization[] = [
  { key: 'summit-guides', name: 'Summit Guides Ltd', domains: ['summitguides.example'] },
  { key: 'ridgeway-scouts', name: 'Ridgeway Scouts', domains: ['ridgewayscouts.example', 'ridgeway.example'] },
];

export interface DemoDatasetOptions {
  /** Times are laid out relative to this, so "last week" stays last week. Default: now. */
  now?: Date;
  /** Extra generated customers beyond the hand-written scenarios. Default 52. */
  generatedCustomers?: number;
  /**
   * Weeks of closed history (customers on several channels, repeat contacts, ratings) for the
   * reports, before the rest of the world. Default 0; the demo uses 10.
   */
  historyWeeks?: number;
  seed?: number;
}

/**
 * Builds the demo world. Hand-written scenario customers come first (`jane-cooper`: email last
 * week, chat yesterday, phone today from `(415) 555-0134`, the caller record merged into her
 * record holding `+14155550134`), then
 * generated customers whose tickets spread over every channel.
 */
export function createDemoDataset(options: DemoDatasetOptions = {}): DemoDataset {
  const now = (options.now ?? new Date()).getTime();
  const rand = random(options.seed ?? 20_261_126);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const at = (msAgo: number) => new Date(Math.floor((now - msAgo) / 1000) * 1000).toISOString();
  let orderNumber = 10_400;
  const nextOrder = () => `NW-${orderNumber++}`;

  const customers: DemoCustomer[] = [];
  const tickets: DemoTicket[] = [];

  function thread(topic: Topic, channel: Channel, createdMsAgo: number, status: TicketStatus, agentKey: string): DemoMessage[] {
    const order = nextOrder();
    const fill = (text: string) => text.replaceAll('{order}', order);
    const ask = channel === 'voice' ? `Call transcript: customer says ${fill(topic.ask).replace(/^./, (c) => c.toLowerCase())}` : fill(topic.ask);
    const messages: DemoMessage[] = [{ role: 'customer', isPublic: true, text: ask, createdAt: at(createdMsAgo) }];
    if (status !== 'new' && status !== 'open') {
      messages.push({ role: 'agent', agentKey, isPublic: true, text: fill(topic.answer), createdAt: at(createdMsAgo - 2 * 3_600_000) });
    }
    if (status === 'solved' || status === 'closed') {
      messages.push({ role: 'customer', isPublic: true, text: 'Thanks, that sorted it.', createdAt: at(createdMsAgo - 5 * 3_600_000) });
    }
    return messages;
  }

  function addTicket(input: { key: string; customer: DemoCustomer; channel: Channel; via: DemoIdentity; topic: Topic; daysAgo: number; status: TicketStatus; subject?: string; messages?: DemoMessage[] }): void {
    const createdMsAgo = input.daysAgo * DAY;
    const assigneeKey = input.status === 'new' ? null : pick(['alex', 'sam', 'riley']);
    const messages = input.messages ?? thread(input.topic, input.channel, createdMsAgo, input.status, assigneeKey ?? 'alex');
    tickets.push({
      key: input.key,
      customerKey: input.customer.key,
      channel: input.channel,
      via: input.via,
      subject: input.subject ?? input.topic.subject,
      status: input.status,
      priority: input.topic.priority,
      groupKey: input.topic.group,
      assigneeKey,
      tags: input.topic.tags,
      createdAt: at(createdMsAgo),
      updatedAt: messages.at(-1)?.createdAt ?? at(createdMsAgo),
      messages,
    });
  }

  const topic = (key: string) => TOPICS.find((t) => t.key === key) as Topic;

  // Scenario 1: one relationship over three channels. Her profile holds her number in E.164; the
  // phone system created the caller's record with the number as dialled, which the helpdesk merged.
  const janeCaller: DemoIdentity = { type: 'phone', value: '(415) 555-0134' };
  const jane: DemoCustomer = {
    key: 'jane-cooper',
    name: 'Jane Cooper',
    locale: 'en-US',
    identities: [{ type: 'email', value: 'jane.cooper@example.com' }, { type: 'phone', value: '+14155550134' }, janeCaller],
    mergedIdentities: [janeCaller],
    organizationKey: 'summit-guides',
    createdAt: at(400 * DAY),
  };
  customers.push(jane);
  addTicket({
    key: 'jane-email', customer: jane, channel: 'email', via: jane.identities[0] as DemoIdentity, topic: topic('late'), daysAgo: 7, status: 'pending',
    subject: 'Order NW-10482 has not arrived',
    messages: [
      { role: 'customer', isPublic: true, text: 'Hi, my order NW-10482 (a Ridgeline tent) was due on Monday but tracking has not moved since it left Reno. Can you check?', createdAt: at(7 * DAY) },
      { role: 'agent', agentKey: 'alex', isPublic: true, text: 'Hi Jane, I have asked the carrier to trace NW-10482. If it does not move within 3 business days we will send a replacement.', createdAt: at(7 * DAY - 3 * 3_600_000) },
    ],
  });
  addTicket({
    key: 'jane-chat', customer: jane, channel: 'chat', via: jane.identities[0] as DemoIdentity, topic: topic('late'), daysAgo: 1, status: 'pending',
    subject: 'Chat with Jane Cooper',
    messages: [
      { role: 'customer', isPublic: true, text: 'Any news on my tent? Still nothing on the tracking page.', createdAt: at(DAY) },
      { role: 'agent', agentKey: 'sam', isPublic: true, text: 'The carrier trace is still open. I will chase them today.', createdAt: at(DAY - 600_000) },
    ],
  });
  addTicket({
    key: 'jane-call', customer: jane, channel: 'voice', via: janeCaller, topic: topic('late'), daysAgo: 0.05, status: 'new',
    subject: 'Call from +1 415-555-0134',
    messages: [
      { role: 'customer', isPublic: true, text: 'Call transcript: customer says her tent order still has not arrived after two weeks and she needs it for a trip on Saturday. She wants a replacement or her money back.', createdAt: at(0.05 * DAY) },
    ],
  });

  // Scenario 2: email + X handle, merged.
  const ravi: DemoCustomer = {
    key: 'ravi-patel',
    name: 'Ravi Patel',
    locale: 'en-GB',
    identities: [{ type: 'email', value: 'ravi.patel@example.co.uk' }, { type: 'twitter', value: 'ravipatel_hikes' }],
    mergedIdentities: [{ type: 'twitter', value: 'ravipatel_hikes' }],
    createdAt: at(200 * DAY),
  };
  customers.push(ravi);
  addTicket({ key: 'ravi-email', customer: ravi, channel: 'email', via: ravi.identities[0] as DemoIdentity, topic: topic('intl'), daysAgo: 12, status: 'solved' });
  addTicket({ key: 'ravi-social', customer: ravi, channel: 'social_x', via: ravi.identities[1] as DemoIdentity, topic: topic('warranty'), daysAgo: 2, status: 'open' });

  // Scenario 3: email + WhatsApp, merged; a blocked topic on the second channel.
  const lucia: DemoCustomer = {
    key: 'lucia-fernandez',
    name: 'Lucía Fernández',
    locale: 'es-ES',
    identities: [{ type: 'email', value: 'lucia.fernandez@example.es' }, { type: 'whatsapp', value: '+34 612 34 56 78' }],
    mergedIdentities: [{ type: 'whatsapp', value: '+34 612 34 56 78' }],
    createdAt: at(90 * DAY),
  };
  customers.push(lucia);
  addTicket({ key: 'lucia-email', customer: lucia, channel: 'email', via: lucia.identities[0] as DemoIdentity, topic: topic('declined'), daysAgo: 20, status: 'closed' });
  addTicket({ key: 'lucia-whatsapp', customer: lucia, channel: 'whatsapp', via: lucia.identities[1] as DemoIdentity, topic: topic('hacked'), daysAgo: 0.2, status: 'new' });

  const generated = options.generatedCustomers ?? 52;
  for (let i = 0; i < generated; i++) {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[(i * 7) % LAST.length] as string;
    const slug = `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[^a-z.]/g, '');
    const email: DemoIdentity = { type: 'email', value: `${slug}${i}@example.com` };
    const line = String(1000 + i).padStart(4, '0');
    // Numbers as agents typed them: every other phone customer's number is in the national layout.
    const phone: DemoIdentity = { type: 'phone', value: i % 8 === 0 ? `(312) 555-${line}` : `+1312555${line}` };
    const identities: DemoIdentity[] = [email];
    const merged: DemoIdentity[] = [];
    if (i % 4 === 0) {
      identities.push(phone);
      merged.push(phone);
    } else if (i % 4 === 1) {
      const handle: DemoIdentity = { type: 'twitter', value: `${first.toLowerCase()}_${i}` };
      identities.push(handle);
      merged.push(handle);
    }
    const customer: DemoCustomer = { key: `customer-${i}`, name: `${first} ${last}`, locale: 'en-US', identities, mergedIdentities: merged, createdAt: at((300 + i) * DAY) };
    if (i % 3 === 0) customer.organizationKey = 'ridgeway-scouts';
    customers.push(customer);
    const count = 1 + Math.floor(rand() * 3);
    for (let t = 0; t < count; t++) {
      let channel = GENERATED_CHANNELS[(i + t * 3) % GENERATED_CHANNELS.length] as Channel;
      const byPhone = channel === 'voice' || channel === 'sms' || channel === 'whatsapp';
      const bySocial = channel === 'social_x' || channel === 'social_facebook';
      let via = email;
      if (byPhone && identities.some((id) => id.type === 'phone')) via = phone;
      else if (bySocial && identities.some((id) => id.type === 'twitter')) via = identities[1] as DemoIdentity;
      else if (byPhone || bySocial) channel = pick(['email', 'chat', 'web_form'] as const);
      const chosen = TOPICS[Math.floor(rand() * (TOPICS.length - 2))] as Topic;
      const daysAgo = Math.round((t === count - 1 ? rand() * 3 : 5 + rand() * 60) * 10) / 10;
      const status: TicketStatus = daysAgo < 1 ? 'new' : daysAgo < 4 ? pick(['open', 'pending'] as const) : pick(['solved', 'closed'] as const);
      addTicket({ key: `customer-${i}-t${t}`, customer, channel, via, topic: chosen, daysAgo, status });
    }
  }

  rateSolvedTickets(tickets, { seed: (options.seed ?? 20_261_126) + 1, now });
  if (options.historyWeeks) {
    addHistory({ now, weeks: options.historyWeeks, customers: Math.round(options.historyWeeks * 7), seed: (options.seed ?? 20_261_126) + 2 }, customers, tickets);
  }
  tickets.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  for (const ticket of tickets.filter((each) => each.status === 'closed').slice(0, ARCHIVED_TICKETS)) ticket.isArchived = true;
  const articles: DemoArticle[] = ARTICLE_SEEDS.map((seed, index) => ({
    ...seed,
    locale: 'en-us',
    createdAt: at((500 - index) * DAY),
    updatedAt: at((30 + index) * DAY),
  }));

  return {
    company: { name: 'Northwind Outfitters', subdomain: 'northwind', supportEmail: 'support@northwind.example' },
    agents: [
      { key: 'alex', name: 'Alex Morgan', email: 'alex@northwind.example' },
      { key: 'sam', name: 'Sam Rivera', email: 'sam@northwind.example' },
      { key: 'riley', name: 'Riley Chen', email: 'riley@northwind.example' },
      { key: 'threadline', name: 'Threadline', email: 'threadline@northwind.example', isBot: true },
    ],
    groups: [
      { key: 'general', name: 'General' },
      { key: 'orders', name: 'Orders & Shipping' },
      { key: 'billing', name: 'Billing' },
      { key: 'escalations', name: 'Escalations' },
    ],
    organizations: ORGANIZATIONS,
    customers,
    tickets,
    articles,
    macros: MACROS,
  };
}
