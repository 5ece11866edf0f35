import type { Queryable } from '@threadline/platform/db';
import type { Message, Ticket } from '@threadline/connector-core';

/** Upserts a ticket for a mirrored customer; returns its Threadline id. Unchanged tickets are not touched. */
export async function upsertTicket(tx: Queryable, tenantId: string, customerId: string, ticket: Ticket): Promise<string> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into tickets (tenant_id, external_id, customer_id, subject, status, raw_status, priority, group_external_id,
                          assignee_external_id, tags, channel, channel_raw, url, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     on conflict (tenant_id, external_id) do update set
       customer_id = excluded.customer_id, subject = excluded.subject, status = excluded.status,
       raw_status = excluded.raw_status, priority = excluded.priority, group_external_id = excluded.group_external_id,
       assignee_external_id = excluded.assignee_external_id, tags = excluded.tags, channel = excluded.channel,
       channel_raw = excluded.channel_raw, url = excluded.url, updated_at = excluded.updated_at, synced_at = now()
     where (tickets.customer_id, tickets.subject, tickets.status, tickets.raw_status, tickets.priority, tickets.group_external_id,
            tickets.assignee_external_id, tickets.tags, tickets.channel, tickets.channel_raw, tickets.url, tickets.updated_at)
       is distinct from
           (excluded.customer_id, excluded.subject, excluded.status, excluded.raw_status, excluded.priority, excluded.group_external_id,
            excluded.assignee_external_id, excluded.tags, excluded.channel, excluded.channel_raw, excluded.url, excluded.updated_at)
     returning id`,
    [
      tenantId,
      ticket.id,
      customerId,
      ticket.subject,
      ticket.status,
      ticket.rawStatus,
      ticket.priority,
      ticket.groupId,
      ticket.assigneeId,
      ticket.tags,
      ticket.channel.channel,
      ticket.channel.raw,
      ticket.url,
      ticket.createdAt,
      ticket.updatedAt,
    ],
  );
  if (rows[0]) return rows[0].id;
  const existing = await tx.query<{ id: string }>(`select id from tickets where tenant_id = $1 and external_id = $2`, [tenantId, ticket.id]);
  return (existing.rows[0] as { id: string }).id;
}

/** Inserts the messages the mirror does not have yet; returns how many were new. */
export async function upsertMessages(tx: Queryable, tenantId: string, ticketId: string, messages: readonly Message[]): Promise<number> {
  let inserted = 0;
  for (const message of messages) {
    const result = await tx.query(
      `insert into messages (tenant_id, ticket_id, external_id, author_external_id, author_role, is_public, channel, channel_raw,
                             body_text, body_html, attachments, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12)
       on conflict (tenant_id, ticket_id, external_id) do update set
         body_text = excluded.body_text, body_html = excluded.body_html, is_public = excluded.is_public,
         attachments = excluded.attachments
       where (messages.body_text, messages.body_html, messages.is_public, messages.attachments)
         is distinct from (excluded.body_text, excluded.body_html, excluded.is_public, excluded.attachments)
       returning (xmax = 0) as inserted`,
      [
        tenantId,
        ticketId,
        message.id,
        message.authorId,
        message.authorRole,
        message.isPublic,
        message.channel.channel,
        message.channel.raw,
        message.bodyText,
        message.bodyHtml,
        JSON.stringify(message.attachments),
        message.createdAt,
      ],
    );
    if ((result.rows[0] as { inserted?: boolean } | undefined)?.inserted) inserted++;
  }
  return inserted;
}

export interface MirrorTicketRef {
  id: string;
  externalId: string;
  customerId: string;
}

export async function findTicketByExternalId(db: Queryable, tenantId: string, externalId: string): Promise<MirrorTicketRef | null> {
  const { rows } = await db.query<{ id: string; external_id: string; customer_id: string }>(
    `select id, external_id, customer_id from tickets where tenant_id = $1 and external_id = $2`,
    [tenantId, externalId],
  );
  const row = rows[0];
  return row ? { id: row.id, externalId: row.external_id, customerId: row.customer_id } : null;
}
