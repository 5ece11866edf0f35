import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookError, type WebhookRequest } from '@threadline/connector-core';
import { createZendeskWebhookVerifier, signZendeskWebhook } from '../src/webhook-verifier.js';

const SECRET = 'dGhpc19pc19hX3NpZ25pbmdfc2VjcmV0';
const NOW = new Date('2024-04-17T17:18:40Z');

function delivery(body: unknown, options: { timestamp?: string; secret?: string } = {}): WebhookRequest {
  const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
  const timestamp = options.timestamp ?? '2024-04-17T17:18:10Z';
  return {
    rawBody,
    headers: {
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

  it('parses a trigger body and gives the same body the same event id', () => {
    const body = { ticket_id: '35436', requester_email: 'jane@example.com', latest_comment: 'Hi' };
    const first = verifier.verify(delivery(body), SECRET, NOW);
    const redelivered = verifier.verify(delivery(body, { timestamp: '2024-04-17T17:18:30Z' }), SECRET, NOW);
    expect(first).toMatchObject({ type: 'ticket.updated', ticketId: '35436' });
    expect(redelivered.eventId).toBe(first.eventId);
    const other = verifier.verify(delivery({ ...body, latest_comment: 'Another' }), SECRET, NOW);
    expect(other.eventId).not.toBe(first.eventId);
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
