import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookError, type WebhookRequest } from '@threadline/connector-core';
import { createZendeskWebhookVerifier, signZendeskWebhook } from '../src/webhook-verifier.js';

const SECRET = 'dGhpc19pc19hX3NpZ25pbmdfc2VjcmV0';
const NOW = new Date('2024-04-17T17:18:40Z');

function delivery(body: unknown, options: { timestamp?: string; secret?: string; headers?: Record<string, string> } = {}): WebhookRequest {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? '2024-04-17T17:18:10Z';
  return {
    rawBody,
    headers: {
      ...options.headers,
      'x-zendesk-webhook-signature': signZendeskWebhook(options.secret ?? SECRET, timestamp, rawBody),
      'x-zendesk-webhook-signature-timestamp': timestamp,
      'x-zendesk-webhook-id': '01GK8E6BKWMJZD2T8Y5AXJQMG5',
    },
  };
}

const envelope = (type: string, extra: Record<string, unknown> = {}) => ({
  type: `zen:event-type:${type}`,
  account_id: 88888888,
  id: '01HN2ZK0000000000000000000',
  time: '2024-04-17T17:18:10Z',
  zendesk_event_version: '2022-11-06',
  subject: 'zen:ticket:35436',
  detail: { id: '35436', status: 'OPEN', requester_id: '9001' },
  event: {},
  ...extra,
});

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error instanceof WebhookError ? error.reason : 'not a WebhookError';
  }
  return 'accepted';
};

describe('Zendesk webhook verifier', () => {
  const verifier = createZendeskWebhookVerifier();

  it('signs timestamp + body with HMAC-SHA256 in base64, no separator', () => {
    const expected = createHmac('sha256', SECRET).update('2024-04-17T17:18:10Z{"a":1}').digest('base64');
    expect(signZendeskWebhook(SECRET, '2024-04-17T17:18:10Z', '{"a":1}')).toBe(expected);
  });

  it.each([
    ['ticket.created', 'ticket.created'],
    ['ticket.comment_added', 'comment.added'],
    ['ticket.status_changed', 'ticket.updated'],
    ['ticket.agent_assignment_changed', 'ticket.updated'],
  ])('parses a %s envelope as %s with its ticket and id', (type, normalized) => {
    const event = verifier.verify(delivery(envelope(type)), SECRET, NOW);
    expect(event).toMatchObject({ vendor: 'zendesk', type: normalized, ticketId: '35436', eventId: '01HN2ZK0000000000000000000', occurredAt: '2024-04-17T17:18:10Z' });
  });

  it('takes the ticket from the subject when detail has no id', () => {
    expect(verifier.verify(delivery(envelope('ticket.created', { detail: {} })), SECRET, NOW).ticketId).toBe('35436');
  });

  it('parses non-ticket events as other without a ticket', () => {
    const event = verifier.verify(delivery(envelope('user.created', { subject: 'zen:user:9001', detail: { id: '9001' } })), SECRET, NOW);
    expect(event).toMatchObject({ type: 'other', ticketId: null });
  });

  it('takes a trigger delivery’s identity from the invocation header, never from its body', () => {
    const body = { ticket_id: '35436' };
    const first = verifier.verify(delivery(body, { headers: { 'x-zendesk-webhook-invocation-id': '8350205582' } }), SECRET, NOW);
    expect(first).toMatchObject({ type: 'ticket.updated', ticketId: '35436', eventId: null, deliveryId: '8350205582' });
    // The next update of the ticket renders the same bytes; only Zendesk's invocation id differs.
    const next = verifier.verify(delivery(body, { headers: { 'x-zendesk-webhook-invocation-id': '8350205590' } }), SECRET, NOW);
    expect(next.deliveryId).toBe('8350205590');
    expect(verifier.verify(delivery(body), SECRET, NOW)).toMatchObject({ eventId: null, deliveryId: null });
  });

  it('gives an event envelope both its event id and its invocation id', () => {
    const event = verifier.verify(delivery(envelope('ticket.comment_added'), { headers: { 'x-zendesk-webhook-invocation-id': '77' } }), SECRET, NOW);
    expect(event).toMatchObject({ eventId: '01HN2ZK0000000000000000000', deliveryId: '77', type: 'comment.added' });
  });

  it('reads a form-encoded trigger body after checking the signature on its raw bytes', () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const event = verifier.verify(delivery('ticket_id=35436&event=ticket.created', { headers: form }), SECRET, NOW);
    expect(event).toMatchObject({ ticketId: '35436', type: 'ticket.created', payload: { ticket_id: '35436', event: 'ticket.created' } });
    const good = delivery('ticket_id=35436', { headers: form });
    expect(reasonOf(() => verifier.verify({ ...good, rawBody: 'ticket_id=35437' }, SECRET, NOW))).toBe('bad_signature');
    expect(reasonOf(() => verifier.verify(delivery('status=open', { headers: form }), SECRET, NOW))).toBe('malformed');
  });

  it('reads a trigger body’s event hint and a numeric ticket id', () => {
    expect(verifier.verify(delivery({ ticket_id: 35436, event: 'ticket.created' }), SECRET, NOW)).toMatchObject({ type: 'ticket.created', ticketId: '35436' });
    expect(verifier.verify(delivery({ ticket_id: '35436', update_type: 'Create' }), SECRET, NOW).type).toBe('ticket.created');
  });

  it('rejects a wrong secret, a changed body, a changed timestamp and a truncated signature', () => {
    const good = delivery(envelope('ticket.created'));
    expect(reasonOf(() => verifier.verify(delivery(envelope('ticket.created'), { secret: 'other' }), SECRET, NOW))).toBe('bad_signature');
    expect(reasonOf(() => verifier.verify({ ...good, rawBody: good.rawBody.replace('35436', '35437') }, SECRET, NOW))).toBe('bad_signature');
    expect(reasonOf(() => verifier.verify({ ...good, headers: { ...good.headers, 'x-zendesk-webhook-signature-timestamp': '2024-04-17T17:18:11Z' } }, SECRET, NOW))).toBe('bad_signature');
    expect(reasonOf(() => verifier.verify({ ...good, headers: { ...good.headers, 'x-zendesk-webhook-signature': 'abc' } }, SECRET, NOW))).toBe('bad_signature');
  });

  it('rejects stale and future timestamps beyond the tolerance, and accepts within it', () => {
    const body = envelope('ticket.created');
    expect(reasonOf(() => verifier.verify(delivery(body, { timestamp: '2024-04-17T17:12:00Z' }), SECRET, NOW))).toBe('stale');
    expect(reasonOf(() => verifier.verify(delivery(body, { timestamp: '2024-04-17T17:25:00Z' }), SECRET, NOW))).toBe('stale');
    expect(reasonOf(() => verifier.verify(delivery(body, { timestamp: '2024-04-17T17:14:00Z' }), SECRET, NOW))).toBe('accepted');
    const strict = createZendeskWebhookVerifier({ toleranceMs: 10_000 });
    expect(reasonOf(() => strict.verify(delivery(body), SECRET, NOW))).toBe('stale');
  });

  it('rejects missing headers and a missing secret', () => {
    const good = delivery(envelope('ticket.created'));
    expect(reasonOf(() => verifier.verify({ ...good, headers: {} }, SECRET, NOW))).toBe('missing_signature');
    expect(reasonOf(() => verifier.verify(good, '', NOW))).toBe('missing_secret');
  });

  it('rejects authentic bodies it cannot read as malformed', () => {
    expect(reasonOf(() => verifier.verify(delivery('not json'), SECRET, NOW))).toBe('malformed');
    expect(reasonOf(() => verifier.verify(delivery({ hello: 'world' }), SECRET, NOW))).toBe('malformed');
    expect(reasonOf(() => verifier.verify(delivery(envelope('ticket.created', { id: undefined })), SECRET, NOW))).toBe('malformed');
  });
});
