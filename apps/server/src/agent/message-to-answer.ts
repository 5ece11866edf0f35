import type { Queryable } from '@threadline/platform/db';

/** The customer message a ticket event is about, as the mirror stores it. */
export interface CustomerMessage {
  /** The helpdesk's id of the message (Zendesk comment id, Freshdesk conversation id). */
  externalId: string;
  createdAt: Date;
  text: string;
  /** No agent, bot or system message came after it: the customer is waiting for an answer. */
  isAwaitingAnswer: boolean;
  /**
   * Whether an answer or a hand-off is already stored under the message's key (`messageAnswerKey`),
   * read in the same statement: the pipeline loads those rows only when they exist.
   */
  hasAnswer: boolean;
  hasHandoff: boolean;
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
  // messages_ticket index, with no join to find the ticket by its helpdesk id. The answer and the
  // hand-off under the message's key come along, each one probe of its unique key.
  const { rows } = await db.query<{ external_id: string; created_at: Date; body_text: string; is_awaiting: boolean; has_answer: boolean; has_handoff: boolean }>(
    `select m.external_id, m.created_at, m.body_text,
            not exists (select 1 from messages later where later.tenant_id = m.tenant_id and later.ticket_id = m.ticket_id
                          and later.author_role <> 'customer' and later.created_at > m.created_at) as is_awaiting,
            exists (select 1 from answers a where a.tenant_id = m.tenant_id and a.idempotency_key = $3::text || m.external_id) as has_answer,
            exists (select 1 from handoffs h where h.tenant_id = m.tenant_id and h.idempotency_key = $3::text || m.external_id) as has_handoff
       from messages m
      where m.tenant_id = $1 and m.ticket_id = $2 and m.author_role = 'customer'
      order by m.created_at desc, m.external_id desc limit 1`,
    [tenantId, ticketId, messageAnswerKey('')],
  );
  const row = rows[0];
  return row
    ? { externalId: row.external_id, createdAt: row.created_at, text: row.body_text, isAwaitingAnswer: row.is_awaiting, hasAnswer: row.has_answer, hasHandoff: row.has_handoff }
    : null;
}
