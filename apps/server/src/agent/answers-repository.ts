import type { TenantScope } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';
import type { AnswerResult } from '@threadline/knowledge/answer';
import { markTicketsStaleStep } from '../reports/stale-facts.js';

export type AnswerTrigger = 'webhook' | 'sidebar' | 'replay' | 'demo';
export type WritebackStatus = 'pending' | 'written' | 'skipped' | 'failed';

/** Why the last write-back failed, in the helpdesk's words. */
export interface WritebackFailure {
  /** The error code, e.g. `ZENDESK_VALIDATION`. */
  code: string;
  /** What the helpdesk said, with its field errors. */
  reason: string;
  /** The helpdesk's HTTP status, when it answered at all. */
  httpStatus: number | null;
  failedAt: string;
}

export interface StoredAnswer {
  id: string;
  tenantId: string;
  ticketExternalId: string;
  trigger: AnswerTrigger;
  idempotencyKey: string | null;
  /** Hash of the client request an idempotency key stood for (sidebar requests); null otherwise. */
  requestFingerprint: string | null;
  result: AnswerResult;
  writebackStatus: WritebackStatus;
  writebackMessageId: string | null;
  /** Set while `writebackStatus` is `failed`. */
  writebackFailure: WritebackFailure | null;
  timings: Record<string, number>;
  createdAt: Date;
}

interface AnswerRow {
  id: string;
  tenant_id: string;
  ticket_external_id: string;
  trigger: AnswerTrigger;
  idempotency_key: string | null;
  request_fingerprint: string | null;
  path: AnswerResult['path'];
  model: string | null;
  action: AnswerResult['action'];
  reply_text: string;
  language: string | null;
  citations: AnswerResult['citations'];
  confidence: number;
  summary: string;
  escalation: AnswerResult['escalation'] | null;
  guardrails: string[];
  /** Null on answers stored before the figure was kept. */
  decision: AnswerResult['decision'] | null;
  closest_answer: string | null;
  writeback_status: WritebackStatus;
  writeback_message_id: string | null;
  writeback_error: WritebackFailure | null;
  timings: Record<string, number>;
  created_at: Date;
}

const COLUMNS = `id, tenant_id, ticket_external_id, trigger, idempotency_key, request_fingerprint, path, model, action, reply_text, language, citations,
  confidence, summary, escalation, guardrails, decision, closest_answer, writeback_status, writeback_message_id, writeback_error, timings, created_at`;

function toAnswer(row: AnswerRow): StoredAnswer {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ticketExternalId: row.ticket_external_id,
    trigger: row.trigger,
    idempotencyKey: row.idempotency_key,
    requestFingerprint: row.request_fingerprint,
    result: {
      path: row.path,
      ...(row.model ? { model: row.model } : {}),
      action: row.action,
      replyText: row.reply_text,
      language: row.language ?? 'en',
      citations: row.citations,
      confidence: Number(row.confidence),
      summary: row.summary,
      ...(row.escalation ? { escalation: row.escalation } : {}),
      guardrails: row.guardrails,
      ...(row.decision ? { decision: row.decision } : {}),
      ...(row.closest_answer ? { closestAnswer: row.closest_answer } : {}),
    },
    writebackStatus: row.writeback_status,
    writebackMessageId: row.writeback_message_id,
    writebackFailure: row.writeback_error,
    timings: row.timings,
    createdAt: row.created_at,
  };
}

export async function findAnswerByKey(db: Queryable, tenantId: string, idempotencyKey: string): Promise<StoredAnswer | null> {
  const { rows } = await db.query<AnswerRow>(`select ${COLUMNS} from answers where tenant_id = $1 and idempotency_key = $2`, [tenantId, idempotencyKey]);
  return rows[0] ? toAnswer(rows[0]) : null;
}

export async function getAnswer(db: Queryable, tenantId: string, id: string): Promise<StoredAnswer | null> {
  const { rows } = await db.query<AnswerRow>(`select ${COLUMNS} from answers where tenant_id = $1 and id = $2`, [tenantId, id]);
  return rows[0] ? toAnswer(rows[0]) : null;
}

export async function latestAnswerForTicket(db: Queryable, tenantId: string, ticketExternalId: string): Promise<StoredAnswer | null> {
  const { rows } = await db.query<AnswerRow>(
    `select ${COLUMNS} from answers where tenant_id = $1 and ticket_external_id = $2 order by created_at desc limit 1`,
    [tenantId, ticketExternalId],
  );
  return rows[0] ? toAnswer(rows[0]) : null;
}

/** Stores an answer; with an idempotency key, a second insert returns the first answer instead. */
export interface NewAnswer {
  tenantId: string;
  ticketExternalId: string;
  trigger: AnswerTrigger;
  idempotencyKey: string | null;
  requestFingerprint?: string | null;
  result: AnswerResult;
  timings: Record<string, number>;
}

export async function insertAnswer(db: Queryable, input: NewAnswer): Promise<StoredAnswer> {
  return (await storeAnswer(db, input)).answer;
}

/**
 * Stores an answer, or finds the one stored first under the same idempotency key. `isNew` says this
 * call stored it: an answer nobody had before has never been written to the helpdesk.
 */
export async function storeAnswer(db: Queryable, input: NewAnswer): Promise<{ answer: StoredAnswer; isNew: boolean }> {
  const { result } = input;
  const { rows } = await db.query<AnswerRow>(
    `insert into answers (tenant_id, ticket_external_id, trigger, idempotency_key, path, model, action, reply_text, language, citations,
                          confidence, summary, escalation, guardrails, timings, request_fingerprint, decision, closest_answer)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13::jsonb, $14, $15::jsonb, $16, $17::jsonb, $18)
     on conflict (tenant_id, idempotency_key) where idempotency_key is not null do nothing
     returning ${COLUMNS}`,
    [
      input.tenantId,
      input.ticketExternalId,
      input.trigger,
      input.idempotencyKey,
      result.path,
      result.model ?? null,
      result.action,
      result.replyText,
      result.language,
      JSON.stringify(result.citations),
      result.confidence,
      result.summary,
      result.escalation ? JSON.stringify(result.escalation) : null,
      result.guardrails,
      JSON.stringify(input.timings),
      input.requestFingerprint ?? null,
      result.decision ? JSON.stringify(result.decision) : null,
      result.closestAnswer ?? null,
    ],
  );
  if (rows[0]) return { answer: toAnswer(rows[0]), isNew: true };
  return { answer: (await findAnswerByKey(db, input.tenantId, input.idempotencyKey as string)) as StoredAnswer, isNew: false };
}

/**
 * Records the outcome of a write-back: `written` clears an earlier failure, `failed` stores why.
 * With `markFactsStale` the same statement marks the answer's customer for a report facts rewrite
 * (`markTicketsStale`), so the mark commits with the outcome.
 */
export async function markWriteback(
  db: Queryable,
  input: { tenantId: string; answerId: string; status: WritebackStatus; messageId?: string | null; failure?: WritebackFailure; timings?: Record<string, number>; markFactsStale?: boolean },
): Promise<void> {
  const update = `update answers set writeback_status = $3, writeback_message_id = coalesce($4, writeback_message_id),
            written_at = case when $3 = 'written' then now() else written_at end,
            writeback_error = case when $3 = 'failed' then $6::jsonb when $3 = 'written' then null else writeback_error end,
            timings = timings || $5::jsonb
      where tenant_id = $1 and id = $2`;
  await db.query(
    input.markFactsStale === true ? `with marked as (${update} returning ticket_external_id), stale as (${markTicketsStaleStep('marked')}) select 1` : update,
    [input.tenantId, input.answerId, input.status, input.messageId ?? null, JSON.stringify(input.timings ?? {}), input.failure ? JSON.stringify(input.failure) : null],
  );
}

/**
 * Takes a failed write-back back to `pending` for one retry. Only one caller wins: false means it
 * was not failed (already retried, written, or never tried), so the caller must not write.
 */
export async function claimFailedWriteback(db: Queryable, input: { tenantId: string; answerId: string }): Promise<boolean> {
  const { rowCount } = await db.query(`update answers set writeback_status = 'pending' where tenant_id = $1 and id = $2 and writeback_status = 'failed'`, [
    input.tenantId,
    input.answerId,
  ]);
  return rowCount > 0;
}

export async function recordFeedback(
  db: Queryable,
  input: {
    tenantId: string;
    answerId: string;
    verdict: 'used' | 'edited' | 'rejected' | 'helpful' | 'unhelpful';
    agentExternalId?: string | null;
    editedText?: string | null;
    /** Why the agent turned it down, in their words. */
    reason?: string | null;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into answer_feedback (tenant_id, answer_id, verdict, agent_external_id, edited_text, reason) values ($1, $2, $3, $4, $5, $6) returning id`,
    [input.tenantId, input.answerId, input.verdict, input.agentExternalId ?? null, input.editedText ?? null, input.reason ?? null],
  );
  return (rows[0] as { id: string }).id;
}

/** What the activity list filters answers by; `from` inclusive, `to` exclusive. */
export interface AnswerFilters {
  limit: number;
  action?: string | undefined;
  writeback?: WritebackStatus | undefined;
  /** The channel of the answer's ticket, as mirrored. */
  channel?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** The id of the last answer of the page before: the list goes on after it. */
  after?: string | undefined;
}

/** Newest first, each with its ticket's channel (null while the ticket is not mirrored). */
export async function listAnswers(db: Queryable, scope: TenantScope, filters: AnswerFilters): Promise<Array<StoredAnswer & { channel: string | null }>> {
  const { rows } = await db.query<AnswerRow & { ticket_channel: string | null }>(
    `select ${COLUMNS.split(',').map((column) => `a.${column.trim()}`).join(', ')}, t.channel as ticket_channel
       from answers a left join tickets t on t.tenant_id = a.tenant_id and t.external_id = a.ticket_external_id
      where a.tenant_id = $1 and ($2::text is null or a.action = $2) and ($4::text is null or a.writeback_status = $4)
        and ($5::text is null or t.channel = $5) and ($6::timestamptz is null or a.created_at >= $6) and ($7::timestamptz is null or a.created_at < $7)
        and ($8::uuid is null or (a.created_at, a.id) < (select p.created_at, p.id from answers p where p.tenant_id = $1 and p.id = $8))
      order by a.created_at desc, a.id desc limit $3`,
    [scope.tenantId, filters.action ?? null, filters.limit, filters.writeback ?? null, filters.channel ?? null, filters.from ?? null, filters.to ?? null, filters.after ?? null],
  );
  return rows.map((row) => ({ ...toAnswer(row), channel: row.ticket_channel }));
}

/** What an agent said about an answer (used, edited, rejected, thumbs up or down). */
export interface AnswerFeedback {
  answerId: string;
  verdict: 'used' | 'edited' | 'rejected' | 'helpful' | 'unhelpful';
  agentExternalId: string | null;
  editedText: string | null;
  reason: string | null;
  createdAt: Date;
}

/** The feedback on these answers, oldest first. */
export async function listFeedbackFor(db: Queryable, scope: TenantScope, answerIds: readonly string[]): Promise<AnswerFeedback[]> {
  if (answerIds.length === 0) return [];
  const { rows } = await db.query<{ answer_id: string; verdict: AnswerFeedback['verdict']; agent_external_id: string | null; edited_text: string | null; reason: string | null; created_at: Date }>(
    `select answer_id, verdict, agent_external_id, edited_text, reason, created_at from answer_feedback
      where tenant_id = $1 and answer_id = any($2::uuid[]) order by created_at, id`,
    [scope.tenantId, answerIds],
  );
  return rows.map((row) => ({ answerId: row.answer_id, verdict: row.verdict, agentExternalId: row.agent_external_id, editedText: row.edited_text, reason: row.reason, createdAt: new Date(row.created_at) }));
}
