import type { Queryable } from '@threadline/platform/db';

/** The customer message a ticket event is about, as the mirror stores it. */
export interface CustomerMessage {
  /** The helpdesk's id of the message (Zendesk comment id, Freshdesk conversation id). */
  externalId: string;
  createdAt: Date;
  text: string;
  /** No agent, bot or system message came after it: the customer is waiting for an answer. */
  isAwaitingAnswer: boolean;
}

/** Key of the answer to one customer message: a message is answered once, whatever nudged us. */
export const messageAnswerKey = (messageExternalId: string) => `message:${messageExternalId}`;

/**
 * The latest customer message on a mirrored ticket (by its Threadline id), or null when the customer has written nothing.
 * Of a burst of customer messages only the latest counts: one answer covers them all, and the
 * history the model reads holds the earlier ones. "Later" is strictly later in time, so a message
 * of ours stamped in the same second as the customer's does not hide it.
 */
export async function latestCustomerMessage(db: Queryable, tenantId: string, ticketId: string): Promise<CustomerMessage | null> {
  // By the mirror's ticket id (the context read has it): the thread is then one range of the
  // messages_ticket index, with no join to find the ticket by its helpdesk id.
  const { rows } = await db.query<{ external_id: string; created_at: Date; body_text: string; is_awaiting: boolean }>(
    `select m.external_id, m.created_at, m.body_text,
            not exists (select 1 from messages later where later.tenant_id = m.tenant_id and later.ticket_id = m.ticket_id
                          and later.author_role <> 'customer' and later.created_at > m.created_at) as is_awaiting
       from messages m
      where m.tenant_id = $1 and m.ticket_id = $2 and m.author_role = 'customer'
      order by m.created_at desc, m.external_id desc limit 1`,
    [tenantId, ticketId],
  );
  const row = rows[0];
  return row ? { externalId: row.external_id, createdAt: row.created_at, text: row.body_text, isAwaitingAnswer: row.is_awaiting } : null;
}
