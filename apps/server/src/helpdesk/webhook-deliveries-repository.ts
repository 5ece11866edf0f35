import type { Queryable } from '@threadline/platform/db';
import type { HelpdeskKind, WebhookEvent } from '@threadline/connector-core';
import { receivedReceiptStep, recordWebhookReceipt } from './webhook-receipts-repository.js';

/**
 * The keys under which a delivery is recorded: only ids the helpdesk itself stated (an event
 * subscription's event id, Zendesk's invocation id). Never a hash of the body: two updates of one
 * ticket can render byte-identical automation bodies.
 */
export function deliveryKeysOf(event: Pick<WebhookEvent, 'eventId' | 'deliveryId'>): string[] {
  const keys: string[] = [];
  if (event.eventId !== null) keys.push(`event:${event.eventId}`);
  if (event.deliveryId !== null) keys.push(`invocation:${event.deliveryId}`);
  return keys;
}

/**
 * Records a delivery's keys for good. Returns the job of an earlier delivery that had one of
 * them (this one is an exact redelivery), or null when all are new. Keys new to this delivery are
 * recorded either way, so a later retry under any of them is recognised too. With `receivedFrom`
 * the delivery is also counted as received from that helpdesk (`recordWebhookReceipt`), in the
 * same statement.
 */
export async function recordDelivery(db: Queryable, input: { tenantId: string; keys: string[]; receivedFrom?: HelpdeskKind }): Promise<{ earlierJobId: string } | null> {
  if (input.keys.length === 0) {
    if (input.receivedFrom) await recordWebhookReceipt(db, { tenantId: input.tenantId, kind: input.receivedFrom, outcome: 'received' });
    return null;
  }
  const insert = `insert into webhook_deliveries (tenant_id, delivery_key) select $1, key from unnest($2::text[]) as key
     on conflict (tenant_id, delivery_key) do nothing returning delivery_key`;
  const inserted = input.receivedFrom
    ? await db.query<{ delivery_key: string }>(`with receipt as (${receivedReceiptStep('$3')}), inserted as (${insert}) select delivery_key from inserted`, [
        input.tenantId,
        input.keys,
        input.receivedFrom,
      ])
    : await db.query<{ delivery_key: string }>(insert, [input.tenantId, input.keys]);
  if (inserted.rows.length === input.keys.length) return null;
  const { rows } = await db.query<{ job_id: string }>(
    `select job_id from webhook_deliveries where tenant_id = $1 and delivery_key = any($2::text[]) and job_id is not null limit 1`,
    [input.tenantId, input.keys],
  );
  return rows[0] ? { earlierJobId: rows[0].job_id } : null;
}

/** Notes which job a delivery's keys led to (the job a redelivery answers with). */
export async function linkDelivery(db: Queryable, input: { tenantId: string; keys: string[]; jobId: string }): Promise<void> {
  if (input.keys.length === 0) return;
  await db.query(`update webhook_deliveries set job_id = $3 where tenant_id = $1 and delivery_key = any($2::text[]) and job_id is null`, [input.tenantId, input.keys, input.jobId]);
}
