import type { Channel } from '../channels.js';
import { createDemoDataset } from './dataset.js';
import type { DemoCustomer, DemoDataset, DemoIdentity, DemoMessage, DemoTicket } from './types.js';

export interface BulkDatasetOptions {
  tickets: number;
  /** Messages per ticket, the first one the customer's. */
  messagesPerTicket: number;
  /** Tickets per customer. Default 4. */
  ticketsPerCustomer?: number;
  /** When the first ticket opens. Default 2024-01-01T08:00:00Z. */
  start?: Date;
}

const CHANNELS: readonly Channel[] = ['email', 'chat', 'voice', 'whatsapp', 'web_form', 'sms', 'social_x'];
const AGENT_KEYS = ['alex', 'sam', 'riley'];
/** Minutes between two tickets' openings, and between two messages of a ticket: threads overlap in time. */
const TICKET_SPACING_MS = 37 * 60_000;
const MESSAGE_SPACING_MS = 11 * 60_000;

function identityFor(channel: Channel, customer: DemoCustomer): DemoIdentity {
  const [email, phone, handle] = customer.identities as [DemoIdentity, DemoIdentity, DemoIdentity];
  if (channel === 'voice' || channel === 'whatsapp' || channel === 'sms') return phone;
  return channel === 'social_x' ? handle : email;
}

/**
 * The demo shop's agents, groups and help center with a bulk of generated customers and tickets in
 * place of the hand-written ones: what a backfill benchmark or test pulls from a sandbox. Every
 * sixth message is an agent's internal note, so the public flag is exercised; tickets overlap in
 * time, so one ticket's messages are interleaved with others' in any time-ordered feed.
 *
 * @example
 * const sandbox = await startSandbox({ dataset: createBulkDataset({ tickets: 1000, messagesPerTicket: 20 }) });
 */
export function createBulkDataset(options: BulkDatasetOptions): DemoDataset {
  const base = createDemoDataset({ generatedCustomers: 0 });
  const start = (options.start ?? new Date('2024-01-01T08:00:00Z')).getTime();
  const perCustomer = options.ticketsPerCustomer ?? 4;
  const customers: DemoCustomer[] = [];
  const tickets: DemoTicket[] = [];
  const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (let t = 0; t < options.tickets; t++) {
    const c = Math.floor(t / perCustomer);
    if (t % perCustomer === 0) {
      const digits = String(1_000_000 + c).slice(1);
      customers.push({
        key: `bulk-customer-${c}`,
        name: `Customer ${c}`,
        locale: 'en-US',
        identities: [
          { type: 'email', value: `customer${c}@example.com` },
          { type: 'phone', value: `+1312${digits}0` },
          { type: 'twitter', value: `customer_${c}` },
        ],
        mergedIdentities: [],
        createdAt: iso(start - 86_400_000),
      });
    }
    const customer = customers.at(-1) as DemoCustomer;
    const channel = CHANNELS[t % CHANNELS.length] as Channel;
    const opened = start + t * TICKET_SPACING_MS;
    const agentKey = AGENT_KEYS[t % AGENT_KEYS.length] as string;
    const order = `NW-${30_000 + t}`;
    const messages: DemoMessage[] = Array.from({ length: options.messagesPerTicket }, (_, m) => {
      const isCustomer = m % 2 === 0;
      return {
        role: isCustomer ? 'customer' : 'agent',
        ...(isCustomer ? {} : { agentKey }),
        isPublic: isCustomer || m % 6 !== 5,
        text: isCustomer ? `Message ${m + 1} about order ${order}: any news on the delivery?` : `Reply ${m + 1}: the carrier trace for ${order} is still open.`,
        createdAt: iso(opened + m * MESSAGE_SPACING_MS),
      };
    });
    tickets.push({
      key: `bulk-${t}`,
      customerKey: customer.key,
      channel,
      via: identityFor(channel, customer),
      subject: `Order ${order}`,
      status: 'solved',
      priority: 'normal',
      groupKey: 'orders',
      assigneeKey: agentKey,
      tags: ['bulk'],
      createdAt: messages[0]?.createdAt ?? iso(opened),
      updatedAt: messages.at(-1)?.createdAt ?? iso(opened),
      messages,
    });
  }
  return { ...base, customers, tickets };
}
