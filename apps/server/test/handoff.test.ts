import { HELPDESK_KINDS, type HelpdeskKind } from '@threadline/vocabulary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { WebhookRequest } from '@threadline/connector-core';
import { startSandbox as startZendeskSandbox, type ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { startSandbox as startFreshdeskSandbox, type FreshdeskSandbox } from '@threadline/freshdesk/sandbox';
import { buildApp } from '../src/app.js';
import { DEFAULT_BLOCKED_TOPICS, DEFAULT_POLICY, savePolicy } from '../src/agent/policy-repository.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { testConfig } from './helper.js';
import { waitForJob } from './sandboxes.js';
import { freshdeskCustomerWrites, zendeskCustomerWrites } from './customer-writes.js';

type Vendor = HelpdeskKind;

/** A ticket as the helpdesk holds it, in the terms this test checks, whichever the vendor. */
interface HeldTicket {
  id: string;
  requesterId: string;
  /** Zendesk `via.channel`, Freshdesk `source`. */
  channel: string;
  tags: string[];
  description: string;
  messages: Array<{ body: string; isPublic: boolean }>;
}

/**
 * "Escalating a chat to a call without losing thread": a customer on chat who asks to be called
 * ends with a callback ticket on the phone channel (the summary and the open question in it), a
 * note linking the two, an acknowledgment on the chat, and both tickets in one timeline; exactly
 * once, however often the helpdesk nudges, on both helpdesks.
 */
describe('hand-off to another channel', () => {
  let app: FastifyInstance;
  let zendesk: ZendeskSandbox;
  let freshdesk: FreshdeskSandbox;
  const tenants = { zendesk: { id: '', apiKey: '', slug: 'zd-handoff' }, freshdesk: { id: '', apiKey: '', slug: 'fd-handoff' } };

  beforeAll(async () => {
    zendesk = await startZendeskSandbox({ rateLimitPerMinute: null });
    freshdesk = await startFreshdeskSandbox({ rateLimitPerMinute: null });
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    const zd = await provisionTenant(app.db, app.secrets, {
      slug: tenants.zendesk.slug,
      name: 'Zendesk hand-off',
      baseUrl: zendesk.url,
      credentials: { kind: 'zendesk', auth: zendesk.credentials.auth as { type: 'token'; email: string; token: string } },
      webhookSecret: zendesk.webhook.secret,
    });
    const fd = await provisionTenant(app.db, app.secrets, {
      slug: tenants.freshdesk.slug,
      name: 'Freshdesk hand-off',
      baseUrl: freshdesk.url,
      credentials: { kind: 'freshdesk', auth: { apiKey: freshdesk.credentials.apiKey } },
      webhookSecret: freshdesk.webhookSecret,
    });
    tenants.zendesk = { ...tenants.zendesk, id: zd.tenant.id, apiKey: zd.apiKey };
    tenants.freshdesk = { ...tenants.freshdesk, id: fd.tenant.id, apiKey: fd.apiKey };
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await zendesk?.close();
    await freshdesk?.close();
  });

  const ticketId = (vendor: Vendor, key: string) => (vendor === 'zendesk' ? zendesk.ids.ticket(key) : freshdesk.ids.ticket(key));

  async function customerWrites(vendor: Vendor, ticket: string, text: string): Promise<void> {
    await (vendor === 'zendesk' ? zendeskCustomerWrites(zendesk, ticket, text) : freshdeskCustomerWrites(freshdesk, ticket, text));
  }

  async function nudge(vendor: Vendor, ticket: string): Promise<Record<string, unknown>> {
    const delivery: WebhookRequest = vendor === 'zendesk' ? zendesk.webhookDelivery(ticket, 'comment.added') : freshdesk.webhookDelivery(ticket);
    const response = await app.inject({ method: 'POST', url: `/v1/webhooks/${vendor}/${tenants[vendor].slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    expect(response.statusCode).toBe(202);
    const job = await waitForJob(app, tenants[vendor].apiKey, (response.json() as { jobId: string }).jobId, 240_000);
    expect(job.status).toBe('succeeded');
    return job.result as Record<string, unknown>;
  }

  function heldTickets(vendor: Vendor): HeldTicket[] {
    if (vendor === 'zendesk') {
      return [...zendesk.state.tickets.values()].map((ticket) => ({
        id: String(ticket.id),
        requesterId: String(ticket.requester_id),
        channel: String(ticket.via.channel),
        tags: ticket.tags,
        description: ticket.description,
        messages: (zendesk.state.comments.get(ticket.id) ?? []).map((comment) => ({ body: comment.body, isPublic: comment.public })),
      }));
    }
    return [...freshdesk.state.tickets.values()].map((ticket) => ({
      id: String(ticket.id),
      requesterId: String(ticket.requester_id),
      channel: String(ticket.source),
      tags: ticket.tags,
      description: ticket.description_text,
      messages: (freshdesk.state.conversations.get(ticket.id) ?? []).map((conversation) => ({ body: conversation.body_text ?? '', isPublic: !conversation.private })),
    }));
  }

  const held = (vendor: Vendor, id: string) => heldTickets(vendor).find((ticket) => ticket.id === id) as HeldTicket;
  const followUps = (vendor: Vendor) => heldTickets(vendor).filter((ticket) => ticket.tags.includes('threadline_handoff'));
  /** The phone channel as each helpdesk writes it: Zendesk's outbound-call via type, Freshdesk's source 3 (Phone). */
  const PHONE: Record<Vendor, string> = { zendesk: 'phone_call_outbound', freshdesk: '3' };

  it.each(HELPDESK_KINDS)('%s: "can you call me instead?" on a chat ends with a linked callback ticket, an acknowledgment on the chat and one timeline, once', async (vendor) => {
    const chat = ticketId(vendor, 'jane-chat');
    await customerWrites(vendor, chat, 'My tent is two weeks late and I need it by Saturday. I want a replacement.');
    await customerWrites(vendor, chat, 'can you call me instead?');
    const result = await nudge(vendor, chat);
    expect(result).toMatchObject({ status: 'handed_off', channel: 'voice', wasAlreadyDone: false });

    const [callback] = followUps(vendor);
    expect(followUps(vendor)).toHaveLength(1);
    expect(callback).toMatchObject({ id: result.ticketId, requesterId: held(vendor, chat).requesterId, channel: PHONE[vendor] });
    expect(callback?.tags).toEqual(expect.arrayContaining(['handoff_voice']));
    // The summary and the open question travel with it, and it links back to the chat.
    expect(callback?.description).toContain(`#${chat}`);
    expect(callback?.description).toMatch(/Open question: My tent is two weeks late/);
    expect(callback?.description).toMatch(/Summary: Jane Cooper/);
    expect(callback?.description).toContain('+14155550134');

    const thread = held(vendor, chat).messages;
    const link = thread.filter((message) => !message.isPublic && message.body.includes(`#${callback?.id}`));
    expect(link).toHaveLength(1);
    const acknowledgments = thread.filter((message) => message.isPublic && message.body.includes('call you back'));
    expect(acknowledgments).toHaveLength(1);
    expect(acknowledgments[0]?.body).toMatch(/^Thanks, Jane\./);

    // One timeline: the customer's history shows the callback ticket beside the chat.
    const timeline = await app.inject({ method: 'GET', url: `/v1/tickets/${chat}/timeline?limit=100`, headers: { authorization: `Bearer ${tenants[vendor].apiKey}` } });
    expect(timeline.statusCode).toBe(200);
    const tickets = new Set((timeline.json() as { items: Array<{ ticket: { externalId: string } }> }).items.map((item) => item.ticket.externalId));
    expect(tickets).toContain(chat);
    expect(tickets).toContain(callback?.id);

    // Nudged again (a redelivery, the helpdesk's own update webhook): nothing more is written.
    expect(await nudge(vendor, chat)).toMatchObject({ status: 'handed_off', ticketId: callback?.id, wasAlreadyDone: true });
    expect(followUps(vendor)).toHaveLength(1);
    expect(held(vendor, chat).messages.filter((message) => message.isPublic && message.body.includes('call you back'))).toHaveLength(1);
  }, 300_000);

  it('hands a topic the policy puts on the phone to a callback ticket, though the customer did not ask', async () => {
    await savePolicy(app.db, tenants.zendesk.id, {
      ...DEFAULT_POLICY,
      blockedTopics: [...DEFAULT_BLOCKED_TOPICS, { name: 'payment details', keywords: ['card number'], handOffTo: 'voice' }],
    });
    const whatsapp = ticketId('zendesk', 'lucia-whatsapp');
    const before = followUps('zendesk').length;
    await customerWrites('zendesk', whatsapp, 'Can I give you my new card number here?');
    expect(await nudge('zendesk', whatsapp)).toMatchObject({ status: 'handed_off', channel: 'voice' });
    const created = followUps('zendesk').filter((ticket) => ticket.description.includes(`#${whatsapp}`));
    expect(followUps('zendesk')).toHaveLength(before + 1);
    expect(created[0]).toMatchObject({ channel: PHONE.zendesk, requesterId: held('zendesk', whatsapp).requesterId });
    expect(held('zendesk', whatsapp).messages.filter((message) => message.isPublic && message.body.includes('call you back'))).toHaveLength(1);
  }, 300_000);

  it.each(HELPDESK_KINDS)('%s: an agent hands off from the sidebar once per Idempotency-Key and is refused a reused key for another channel', async (vendor) => {
    const email = ticketId(vendor, 'ravi-social');
    const before = followUps(vendor).length;
    const handOff = (key: string, channel: string) =>
      app.inject({
        method: 'POST',
        url: `/v1/tickets/${email}/handoff`,
        headers: { authorization: `Bearer ${tenants[vendor].apiKey}`, 'idempotency-key': key },
        payload: { channel, question: 'Which size fits a family of four?' },
      });
    const first = await handOff('agent-key-1', 'email');
    expect(first.statusCode).toBe(201);
    const body = first.json() as { handoffId: string; ticket: { id: string; url: string }; acknowledgment: string; wasAlreadyDone: boolean };
    expect(body).toMatchObject({ channel: 'email', wasAlreadyDone: false, acknowledgment: expect.stringMatching(/follow up by email/) });
    expect(held(vendor, body.ticket.id).description).toContain('Open question: Which size fits a family of four?');

    const retried = await handOff('agent-key-1', 'email');
    expect(retried.statusCode).toBe(201);
    expect(retried.json()).toMatchObject({ handoffId: body.handoffId, ticket: body.ticket, wasAlreadyDone: true });
    expect(followUps(vendor).length).toBe(before + 1);

    const reused = await handOff('agent-key-1', 'voice');
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ code: 'SERVER_IDEMPOTENCY_KEY_REUSED' });
    expect(followUps(vendor).length).toBe(before + 1);
  }, 300_000);
});
