import { mulberry32 as random } from '@threadline/platform';
import type { Channel } from '../channels.js';
import type { DemoCustomer, DemoIdentity, DemoMessage, DemoSatisfaction, DemoTicket } from './types.js';
import { TOPICS, type Topic } from './topics.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const FIRST = ['Maya', 'Leo', 'Nora', 'Ivan', 'Sara', 'Theo', 'Yuki', 'Adam', 'Elif', 'Marco', 'Ines', 'Kofi', 'Rosa', 'Ben', 'Lina', 'Pablo'];
const LAST = ['Berg', 'Costa', 'Dahl', 'Evans', 'Fischer', 'Gomez', 'Hale', 'Ito', 'Jensen', 'Khan', 'Lopez', 'Moreau', 'Nakamura', 'Ortiz', 'Price'];
const AGENTS = ['alex', 'sam', 'riley'];

export interface HistoryOptions {
  now: number;
  weeks: number;
  customers: number;
  seed: number;
}

/**
 * Weeks of closed history for the reports: customers who write on several channels, come back on
 * another channel about the same issue, follow up on a solved ticket by phone, and rate what they
 * got. Its own random stream, so the hand-written scenarios and the generated customers before it
 * stay exactly as they were.
 */
export function addHistory(options: HistoryOptions, customers: DemoCustomer[], tickets: DemoTicket[]): void {
  const rand = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const at = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString();
  const span = options.weeks * 7 * DAY;
  let order = 20_100;

  for (let i = 0; i < options.customers; i++) {
    const first = FIRST[i % FIRST.length] as string;
    const last = LAST[(i * 5 + 3) % LAST.length] as string;
    const email: DemoIdentity = { type: 'email', value: `${first}.${last}.h${i}@example.org`.toLowerCase() };
    const identities: DemoIdentity[] = [email];
    if (i % 2 === 0) identities.push({ type: 'phone', value: `+1646555${String(2000 + i).padStart(4, '0')}` });
    if (i % 5 === 1) identities.push({ type: 'twitter', value: `${first.toLowerCase()}_trails_${i}` });
    const customer: DemoCustomer = { key: `history-${i}`, name: `${first} ${last}`, locale: 'en-US', identities, mergedIdentities: [], createdAt: at(options.now - span - 30 * DAY) };
    customers.push(customer);
    const channels: Channel[] = ['email', 'chat', 'web_form'];
    if (identities.some((identity) => identity.type === 'phone')) channels.push('voice', 'sms', 'whatsapp');
    if (identities.some((identity) => identity.type === 'twitter')) channels.push('social_x');
    const viaFor = (channel: Channel): DemoIdentity =>
      (channel === 'voice' || channel === 'sms' || channel === 'whatsapp' ? identities.find((identity) => identity.type === 'phone') : channel === 'social_x' ? identities.find((identity) => identity.type === 'twitter') : email) ?? email;

    // Issues spread over the weeks; some come back on another channel within days of the solve.
    const issues = 2 + Math.floor(rand() * 3);
    let start = options.now - span + rand() * 7 * DAY;
    for (let n = 0; n < issues && start < options.now - 5 * DAY; n++) {
      const topic = TOPICS[Math.floor(rand() * (TOPICS.length - 2))] as Topic;
      const channel = pick(channels);
      const fill = (text: string) => text.replaceAll('{order}', `NW-${order}`);
      order++;
      const responseHours = pick([0.3, 1, 2, 4, 6, 20, 30]) * (0.5 + rand());
      const answeredAt = start + responseHours * HOUR;
      const messages: DemoMessage[] = [
        { role: 'customer', isPublic: true, text: channel === 'voice' ? `Call transcript: ${fill(topic.ask)}` : fill(topic.ask), createdAt: at(start) },
        { role: 'agent', agentKey: pick(AGENTS), isPublic: true, text: fill(topic.answer), createdAt: at(answeredAt) },
      ];
      let solvedAt = answeredAt + (1 + rand() * 20) * HOUR;
      let reopens = 0;
      // A follow-up on the same ticket from another channel (a call about the email), then the fix.
      if (rand() < 0.15) {
        reopens = 1;
        const other = pick(channels.filter((each) => each !== channel));
        messages.push({ role: 'customer', isPublic: true, channel: other, text: 'I am still waiting on this, can someone check again?', createdAt: at(solvedAt + 20 * HOUR) });
        solvedAt += 26 * HOUR;
        messages.push({ role: 'agent', agentKey: pick(AGENTS), isPublic: true, text: 'Sorry about that: it is sorted now, and I have added a credit to your account.', createdAt: at(solvedAt) });
      }
      const satisfaction = rateOf(rand(), solvedAt + (2 + rand() * 20) * HOUR);
      tickets.push({
        key: `history-${i}-t${n}`,
        customerKey: customer.key,
        channel,
        via: viaFor(channel),
        subject: topic.subject,
        status: rand() < 0.4 ? 'closed' : 'solved',
        priority: topic.priority,
        groupKey: topic.group,
        assigneeKey: messages[1]?.agentKey ?? 'alex',
        tags: topic.tags,
        createdAt: at(start),
        updatedAt: at(Math.max(solvedAt, satisfaction ? Date.parse(satisfaction.createdAt) : 0)),
        messages,
        ...(satisfaction ? { satisfaction } : {}),
        // The survey comes after the solve, so the last update is not the solve time.
        solvedAt: at(solvedAt),
        reopens,
      });
      // The next issue: a quick return on another channel, or a new matter weeks later.
      start = rand() < 0.3 ? solvedAt + (0.5 + rand() * 4) * DAY : solvedAt + (4 + rand() * 20) * DAY;
    }
  }
}

/** Roughly half the solved tickets get a survey answer, mostly good. */
function rateOf(roll: number, createdAtMs: number): DemoSatisfaction | undefined {
  const createdAt = new Date(Math.floor(createdAtMs / 1000) * 1000).toISOString();
  if (roll < 0.34) return { rating: 'good', comment: 'Quick and helpful, thank you.', createdAt };
  if (roll < 0.42) return { rating: 'good', createdAt };
  if (roll < 0.49) return { rating: 'bad', comment: 'Took too long and I had to ask twice.', createdAt };
  if (roll < 0.52) return { rating: 'neutral', createdAt };
  if (roll < 0.6) return { rating: 'offered', createdAt };
  return undefined;
}

/** Ratings for the solved tickets of the base world, from their own random stream. */
export function rateSolvedTickets(tickets: DemoTicket[], options: { seed: number; now: number }): void {
  const { seed, now } = options;
  const rand = random(seed);
  for (const ticket of tickets) {
    if (ticket.satisfaction || (ticket.status !== 'solved' && ticket.status !== 'closed')) continue;
    const rating = rateOf(rand(), Date.parse(ticket.updatedAt) + 3 * HOUR);
    if (rating && Date.parse(rating.createdAt) < now) ticket.satisfaction = rating;
  }
}
