import type { HandoffChannel } from '@threadline/connector-core';
import type { Queryable } from '@threadline/platform/db';
import type { WritebackFailure } from './answers-repository.js';

export type HandoffStatus = 'pending' | 'done' | 'failed';

/** A conversation handed to another channel, as stored. */
export interface StoredHandoff {
  id: string;
  tenantId: string;
  ticketExternalId: string;
  idempotencyKey: string;
  requestFingerprint: string;
  requestedBy: 'customer' | 'agent';
  targetChannel: HandoffChannel;
  question: string;
  summary: string;
  status: HandoffStatus;
  newTicketExternalId: string | null;
  newTicketUrl: string | null;
  failure: WritebackFailure | null;
  createdAt: Date;
}

interface HandoffRow {
  id: string;
  tenant_id: string;
  ticket_external_id: string;
  idempotency_key: string;
  request_fingerprint: string;
  requested_by: 'customer' | 'agent';
  target_channel: HandoffChannel;
  question: string;
  summary: string;
  status: HandoffStatus;
  new_ticket_external_id: string | null;
  new_ticket_url: string | null;
  failure: WritebackFailure | null;
  created_at: Date;
}

const COLUMNS = `id, tenant_id, ticket_external_id, idempotency_key, request_fingerprint, requested_by, target_channel, question, summary, status,
  new_ticket_external_id, new_ticket_url, failure, created_at`;

function toHandoff(row: HandoffRow): StoredHandoff {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ticketExternalId: row.ticket_external_id,
    idempotencyKey: row.idempotency_key,
    requestFingerprint: row.request_fingerprint,
    requestedBy: row.requested_by,
    targetChannel: row.target_channel,
    question: row.question,
    summary: row.summary,
    status: row.status,
    newTicketExternalId: row.new_ticket_external_id,
    newTicketUrl: row.new_ticket_url,
    failure: row.failure,
    createdAt: row.created_at,
  };
}

export async function findHandoffByKey(db: Queryable, tenantId: string, idempotencyKey: string): Promise<StoredHandoff | null> {
  const { rows } = await db.query<HandoffRow>(`select ${COLUMNS} from handoffs where tenant_id = $1 and idempotency_key = $2`, [tenantId, idempotencyKey]);
  return rows[0] ? toHandoff(rows[0]) : null;
}

/**
 * Stores a hand-off before anything is written to the helpdesk. A concurrent insert with the same
 * key loses quietly and gets the winner's row back: one hand-off per key.
 */
export async function insertHandoff(
  db: Queryable,
  input: Pick<StoredHandoff, 'tenantId' | 'ticketExternalId' | 'idempotencyKey' | 'requestFingerprint' | 'requestedBy' | 'targetChannel' | 'question' | 'summary'>,
): Promise<StoredHandoff> {
  const { rows } = await db.query<HandoffRow>(
    `insert into handoffs (tenant_id, ticket_external_id, idempotency_key, request_fingerprint, requested_by, target_channel, question, summary)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (tenant_id, idempotency_key) do nothing
     returning ${COLUMNS}`,
    [input.tenantId, input.ticketExternalId, input.idempotencyKey, input.requestFingerprint, input.requestedBy, input.targetChannel, input.question, input.summary],
  );
  if (rows[0]) return toHandoff(rows[0]);
  return (await findHandoffByKey(db, input.tenantId, input.idempotencyKey)) as StoredHandoff;
}

/** Remembers the follow-up ticket as soon as the helpdesk made it, so a retry never opens another. */
export async function recordHandoffTicket(db: Queryable, input: { tenantId: string; id: string; ticketExternalId: string; url: string }): Promise<void> {
  await db.query(`update handoffs set new_ticket_external_id = $3, new_ticket_url = $4, updated_at = now() where tenant_id = $1 and id = $2`, [
    input.tenantId,
    input.id,
    input.ticketExternalId,
    input.url,
  ]);
}

export async function markHandoff(db: Queryable, input: { tenantId: string; id: string; status: HandoffStatus; failure?: WritebackFailure }): Promise<void> {
  await db.query(`update handoffs set status = $3, failure = $4::jsonb, updated_at = now() where tenant_id = $1 and id = $2`, [
    input.tenantId,
    input.id,
    input.status,
    input.failure ? JSON.stringify(input.failure) : null,
  ]);
}
