import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebhookError, type WebhookEvent } from '@threadline/connector-core';
import { createFreshdeskWebhookVerifier, WEBHOOK_SECRET_HEADER } from '../src/index.js';
import { startSandbox, type FreshdeskSandbox } from '../src/sandbox/index.js';

const verifier = createFreshdeskWebhookVerifier();
const SECRET = 'tenant-secret-1';
const request = (rawBody: string, secret?: string) => ({ headers: secret === undefined ? {} : { [WEBHOOK_SECRET_HEADER.toLowerCase()]: secret }, rawBody });

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookError) return `${error.reason}:${error.problem}`;
    throw error;
  }
  return undefined;
}

describe('Freshdesk webhook verifier', () => {
  it('rejects a missing secret header and a wrong one with 401', () => {
    const body = JSON.stringify({ ticket_id: '7' });
    expect(reasonOf(() => verifier.verify(request(body), SECRET))).toBe('missing_secret:unauthenticated');
    expect(reasonOf(() => verifier.verify(request(body, ''), SECRET))).toBe('missing_secret:unauthenticated');
    expect(reasonOf(() => verifier.verify(request(body, 'tenant-secret-2'), SECRET))).toBe('bad_secret:unauthenticated');
    expect(reasonOf(() => verifier.verify(request(body, 'x'), SECRET))).toBe('bad_secret:unauthenticated');
    expect(reasonOf(() => verifier.verify(request(body, ''), ''))).toBe('missing_secret:unauthenticated');
    expect(reasonOf(() => verifier.verify(request(body, 'anything'), ''))).toBe('bad_secret:unauthenticated');
  });

  it('rejects bodies that are not a JSON object with 400', () => {
    expect(reasonOf(() => verifier.verify(request('ticket_id=7', SECRET), SECRET))).toBe('malformed:invalid');
    expect(reasonOf(() => verifier.verify(request('[1]', SECRET), SECRET))).toBe('malformed:invalid');
  });

  it('reads the simple layout and the flat advanced layout', () => {
    const wrapped = verifier.verify(request(JSON.stringify({ freshdesk_webhook: { ticket_id: 12, triggered_event: 'ticket.created', ticket_updated_at: '2024-04-17T17:18:10Z' } }), SECRET), SECRET);
    expect(wrapped).toMatchObject({ vendor: 'freshdesk', ticketId: '12', type: 'ticket.created', occurredAt: '2024-04-17T17:18:10.000Z' });
    const flat = verifier.verify(request(JSON.stringify({ ticket_id: ' 13 ', triggered_event: 'note_added' }), SECRET), SECRET, new Date('2025-01-01T00:00:00Z'));
    expect(flat).toMatchObject({ ticketId: '13', type: 'comment.added', occurredAt: '2025-01-01T00:00:00.000Z' });
    const unrendered = verifier.verify(request(JSON.stringify({ ticket_id: '{{ticket.id}}' }), SECRET), SECRET);
    expect(unrendered).toMatchObject({ ticketId: null, type: 'other' });
  });

  it('gives a delivery no identity: a rule renders the same body for every update of a ticket', () => {
    const body = JSON.stringify({ freshdesk_webhook: { ticket_id: 12 } });
    const event = verifier.verify(request(body, SECRET), SECRET);
    expect(event).toMatchObject({ ticketId: '12', type: 'ticket.updated', eventId: null, deliveryId: null });
  });
});

describe('sandbox webhook delivery', () => {
  let sandbox: FreshdeskSandbox;
  let receiver: FastifyInstance;
  const received: WebhookEvent[] = [];

  beforeEach(async () => {
    sandbox = await startSandbox({ webhookSecret: SECRET });
    receiver = Fastify();
    receiver.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => done(null, body));
    receiver.post('/hooks/freshdesk', async (req, reply) => {
      try {
        received.push(verifier.verify({ headers: req.headers, rawBody: req.body as string }, SECRET));
        return { ok: true };
      } catch (error) {
        // The edge's answer for these two problems (the server's error handler maps them the same way).
        return reply.code((error as WebhookError).problem === 'unauthenticated' ? 401 : 400).send({ reason: (error as WebhookError).reason });
      }
    });
    await receiver.listen({ port: 0, host: '127.0.0.1' });
  });

  afterEach(async () => {
    received.length = 0;
    await receiver.close();
    await sandbox.close();
  });

  it('POSTs what a real automation rule sends: the secret header and only the ticket id, the same bytes after a ticket change', async () => {
    const address = receiver.server.address() as { port: number };
    const target = `http://127.0.0.1:${address.port}/hooks/freshdesk`;
    const ticketId = sandbox.ids.ticket('jane-call');
    expect((await sandbox.sendWebhook(target, ticketId)).status).toBe(200);
    const ticket = sandbox.state.tickets.get(Number(ticketId));
    if (ticket) ticket.updated_at = '2099-01-01T00:00:00Z';
    const control = await fetch(`${sandbox.url}/__sandbox/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: target, ticketId }) });
    expect(((await control.json()) as { status: number }).status).toBe(200);
    expect(received.map((event) => [event.ticketId, event.type, event.eventId])).toEqual([
      [ticketId, 'ticket.updated', null],
      [ticketId, 'ticket.updated', null],
    ]);
    expect(received.map((event) => event.payload)).toEqual([{ freshdesk_webhook: { ticket_id: Number(ticketId) } }, { freshdesk_webhook: { ticket_id: Number(ticketId) } }]);
  });

  it('is refused by a receiver that holds another secret', async () => {
    const other = await startSandbox({ webhookSecret: 'someone-else' });
    try {
      const address = receiver.server.address() as { port: number };
      const result = await other.sendWebhook(`http://127.0.0.1:${address.port}/hooks/freshdesk`, other.ids.ticket('jane-call'));
      expect(result.status).toBe(401);
      expect(JSON.parse(result.body)).toEqual({ reason: 'bad_secret' });
    } finally {
      await other.close();
    }
  });
});
