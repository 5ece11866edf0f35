import { mulberry32 as random } from '@threadline/platform';
import type { Channel } from '../channels.js';
import type { TicketPriority, TicketStatus } from '../model.js';
import { ARTICLE_SEEDS, MACROS } from './articles.js';
import type { DemoArticle, DemoCustomer, DemoDataset, DemoIdentity, DemoMessage, DemoOrganization, DemoTicket } from './types.js';

interface Topic {
  key: string;
  subject: string;
  ask: string;
  answer: string;
  tags: string[];
  priority: TicketPriority;
  group: string;
}

/** What customers write about, each answerable from (or escalated beyond) the help center. */
const TOPICS: Topic[] = [
  { key: 'late', subject: 'Where is my order?', ask: 'My order {order} was supposed to arrive by now and tracking has not moved for days. Where is it?', answer: 'Sorry for the wait. Tracking for {order} stalled, so I have opened a trace and shipped a free replacement by expedited delivery.', tags: ['delivery', 'late'], priority: 'high', group: 'orders' },
  { key: 'return', subject: 'How do I return a jacket', ask: 'The jacket from order {order} does not fit. How do I send it back?', answer: 'You can start a return from Account → Orders within 60 days. I have emailed you a prepaid label.', tags: ['returns'], priority: 'normal', group: 'orders' },
  { key: 'refund', subject: 'Refund not received', ask: 'I returned {order} two weeks ago and still have no refund. When will I get my money back?', answer: 'Your return arrived last week and the refund was issued; banks take 3–10 business days to show it.', tags: ['refund'], priority: 'normal', group: 'billing' },
  { key: 'warranty', subject: 'Zipper broke on my backpack', ask: 'The main zipper on my Northwind backpack broke after one trip. Is this covered?', answer: 'Yes, that is covered by our lifetime warranty. Please send a photo of the zipper and your order number.', tags: ['warranty'], priority: 'normal', group: 'orders' },
  { key: 'size', subject: 'Which boot size should I get?', ask: 'I am between a 9 and a 9.5 and wear thick socks. Which size of the Ridgeline boot should I order?', answer: 'Take the half size up, a 9.5, when you wear thick wool socks. Size exchanges are free within 60 days.', tags: ['sizing'], priority: 'low', group: 'general' },
  { key: 'password', subject: "Can't log in", ask: 'I did not get the password reset email and now my account says it is locked.', answer: 'The account unlocks after 15 minutes. The reset link is valid for 30 minutes; please check your spam folder.', tags: ['account', 'login'], priority: 'normal', group: 'general' },
  { key: 'declined', subject: 'Card declined at checkout', ask: 'My Visa keeps getting declined at checkout but it works everywhere else.', answer: 'Please check the billing ZIP code and approve the purchase in your bank app. Declined payments are never charged.', tags: ['payment'], priority: 'normal', group: 'billing' },
  { key: 'promo', subject: 'Forgot to use my discount code', ask: 'I forgot to enter my code TRAIL15 on order {order} yesterday. Can you still apply it?', answer: 'Of course: codes can be applied within 14 days of purchase. I have refunded the 15% to your card.', tags: ['discount'], priority: 'low', group: 'billing' },
  { key: 'cancel', subject: 'Please cancel my order', ask: 'I ordered the wrong tent colour on {order}. Can I still change it?', answer: 'Your order had not shipped yet, so I changed the colour to forest green.', tags: ['order change'], priority: 'normal', group: 'orders' },
  { key: 'intl', subject: 'Customs fees on delivery', ask: 'The courier wants me to pay import VAT for my order {order} to the UK. Is that right?', answer: 'Yes, prices exclude import duties and VAT, which the carrier collects on delivery.', tags: ['international'], priority: 'normal', group: 'orders' },
  { key: 'legal', subject: 'Formal complaint', ask: 'Your stove leaked fuel and damaged my car. My lawyer will be in touch unless you compensate me.', answer: 'I have passed this to our customer relations team, who will contact you today.', tags: ['legal', 'complaint'], priority: 'urgent', group: 'escalations' },
  { key: 'hacked', subject: 'Someone used my account', ask: 'There is an order {order} on my account that I did not place and my email address was changed.', answer: 'Our security team has locked the account and cancelled the order; they will contact you to restore access.', tags: ['security'], priority: 'urgent', group: 'escalations' },
];

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
