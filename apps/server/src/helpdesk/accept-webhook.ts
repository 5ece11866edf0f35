import type { Db } from '@threadline/platform/db';
import type { HelpdeskKind, WebhookEvent } from '@threadline/connector-core';
import { ticketEventQueue, ticketJobKey, type Enqueue } from '../jobs/queues.js';
import { deliveryKeysOf, linkDelivery, recordDelivery } from './webhook-deliveries-repository.js';

export type WebhookAcceptance = { status: 'accepted' | 'coalesced' | 'duplicate'; jobId: string };

/**
 * Turns a verified delivery into work. An exact redelivery (an id the helpdesk stated, seen
 * before) is a `duplicate` answered with the first delivery's job. Anything else is a nudge to look
 * at its ticket: it joins the ticket's job while that job is still queued (`coalesced`), or starts
 * a new one (`accepted`). The job answers each new customer message once, by the message's id.
 * Every such delivery is counted as received for the connection page, in the same transaction: on
 * PGlite each transaction or statement waits its turn for the one Postgres, behind the jobs' SQL,
 * and a delivery answered after the helpdesk's timeout (Zendesk: 12 s) is sent again.
 *
 * @example
 * const { status, jobId } = await acceptWebhook({ db: app.db, enqueue: app.jobs.enqueue }, { tenantId, vendor, event });
 */
export async function acceptWebhook(
  deps: { db: Db; enqueue: Enqueue },
  input: { tenantId: string; vendor: HelpdeskKind; event: WebhookEvent },
): Promise<WebhookAcceptance> {
  const { tenantId, vendor, event } = input;
  const keys = deliveryKeysOf(event);
  return deps.db.transaction(async (tx) => {
    // Counted as received with its keys, in one statement before the enqueue, which wakes a worker:
    // the commit follows that wake-up as closely as before.
    const earlier = await recordDelivery(tx, { tenantId, keys, receivedFrom: vendor });
    if (earlier) return { status: 'duplicate', jobId: earlier.earlierJobId };
    const { job, isDuplicate } = await deps.enqueue(
      ticketEventQueue,
      {
        tenantId,
        ...(event.ticketId === null ? {} : { coalesceKey: ticketJobKey(event.ticketId) }),
        payload: { eventId: event.eventId, deliveryId: event.deliveryId, type: event.type, ticketId: event.ticketId, occurredAt: event.occurredAt, vendor },
      },
      tx,
    );
    await linkDelivery(tx, { tenantId, keys, jobId: job.id });
    return { status: isDuplicate ? 'coalesced' : 'accepted', jobId: job.id };
  });
}
