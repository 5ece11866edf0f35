import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebhookError, type WebhookEvent } from '@threadline/connector-core';
import { createZendeskWebhookVerifier } from '../src/index.js';
import { startSandbox, type ZendeskSandbox } from '../src/sandbox/index.js';

/** The sandbox sends real, signed deliveries that the verifier accepts. */
describe('Zendesk sandbox webhooks', () => {
  let sandbox: ZendeskSandbox;
  const receiver = Fastify();
  const received: Array<{ headers: Record<string, string | string[] | undefined>; event: WebhookEvent }> = [];
  let target: string;

  beforeAll(async () => {
    // A receiver that verifies like the product does: on the raw body, before anything else.
    receiver.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'string' }, (_request, body, done) => done(null, body));
    // Library errors name a problem, not a status; like the product's edge, a refused signature is a 401.
    receiver.setErrorHandler((error, _request, reply) => reply.code(error instanceof WebhookError ? 401 : 500).send({ code: (error as { code?: string }).code }));
    receiver.post('/hooks/zendesk', async (request, reply) => {
      const event = createZendeskWebhookVerifier().verify({ headers: request.headers, rawBody: request.body as string }, 'receiver-secret');
      received.push({ headers: request.headers, event });
      return reply.code(202).send({ ok: true });
    });
    target = `${await receiver.listen({ port: 0, host: '127.0.0.1' })}/hooks/zendesk`;
  });
  afterAll(async () => {
    await receiver.close();
  });
  beforeEach(async () => {
    sandbox = await startSandbox({ webhookSecret: 'receiver-secret' });
    received.length = 0;
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('posts a signed event-subscription delivery with Zendesk’s headers', async () => {
    const ticketId = sandbox.ids.ticket('jane-call');
    const result = await sandbox.sendWebhook(target, ticketId, 'ticket.created');
    expect(result.status).toBe(202);
    const [delivery] = received;
    expect(delivery?.headers['user-agent']).toBe('Zendesk Webhook');
    expect(delivery?.headers['x-zendesk-webhook-id']).toBe(sandbox.webhook.id);
    expect(delivery?.headers['x-zendesk-webhook-invocation-id']).toMatch(/^\d+$/);
    expect(delivery?.event.deliveryId).toBe(delivery?.headers['x-zendesk-webhook-invocation-id']);
    expect(delivery?.event).toMatchObject({ type: 'ticket.created', ticketId });
    expect(delivery?.event.payload).toMatchObject({ type: 'zen:event-type:ticket.created', subject: `zen:ticket:${ticketId}`, detail: { id: ticketId, status: 'NEW' } });
  });

  it('sends comment events with the latest comment, and trigger bodies with only what the admin typed, in JSON or form encoding', async () => {
    const ticketId = sandbox.ids.ticket('jane-email');
    await sandbox.sendWebhook(target, ticketId, 'comment.added');
    await sandbox.sendWebhook(target, ticketId, 'ticket.updated', { format: 'trigger' });
    await sandbox.sendWebhook(target, ticketId, 'ticket.updated', { format: 'trigger', requestFormat: 'form_encoded' });
    expect(received.map((item) => item.event.type)).toEqual(['comment.added', 'ticket.updated', 'ticket.updated']);
    expect(received[0]?.event.payload).toMatchObject({ event: { comment: { is_public: true, author: { is_staff: true, name: 'Alex Morgan' } } } });
    expect(received[1]?.event.payload).toEqual({ ticket_id: ticketId });
    expect(received[2]?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(received[2]?.event.payload).toEqual({ ticket_id: ticketId });
    // Every invocation has its own id; nothing else tells two trigger deliveries apart.
    expect(new Set(received.map((item) => item.event.deliveryId)).size).toBe(3);
  });

  it('is refused by a receiver holding another secret', async () => {
    const result = await sandbox.sendWebhook(target, sandbox.ids.ticket('jane-email'), 'ticket.created', { secret: 'someone-else' });
    // The verifier throws a WebhookError, which the receiver answers with 401.
    expect(result.status).toBe(401);
    expect(received).toHaveLength(0);
  });

  it('sends through the control API too', async () => {
    const response = await fetch(`${sandbox.url}/__sandbox/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ targetUrl: target, ticketId: sandbox.ids.ticket('lucia-whatsapp'), event: 'ticket.created' }),
    });
    expect(await response.json()).toMatchObject({ status: 202 });
    expect(received[0]?.event.ticketId).toBe(sandbox.ids.ticket('lucia-whatsapp'));
  });

  it('serves the signing secret endpoint', async () => {
    const response = await fetch(`${sandbox.apiBaseUrl}/webhooks/${sandbox.webhook.id}/signing_secret`, { headers: { authorization: `Bearer ${sandbox.credentials.oauthToken}` } });
    expect(await response.json()).toEqual({ signing_secret: { algorithm: 'SHA256', secret: 'receiver-secret' } });
  });
});
