import { ThreadlineError, classify, isThreadlineError, type JsonValue } from '@threadline/platform';
import type { Queryable } from '@threadline/platform/db';
import { isConnectorError } from '@threadline/connector-core';
import { upsertMessages } from '../mirror/tickets-repository.js';
import { markWriteback, type WritebackFailure } from './answers-repository.js';
import type { WriteBackOutcome } from './write-back.js';
import { ServerErrors, type ServerErrorCode } from '../errors.js';

/** Error codes of a failed write-back, as the API reports them (documented in `errors.ts`). */
export const WritebackErrorCode = {
  /** The helpdesk refused the write (4xx: validation, missing ticket, conflict); the same write fails again until something changes. */
  refused: 'SERVER_WRITEBACK_REFUSED',
  /** The helpdesk could not be reached or failed (5xx, timeout, rate limit, credentials). */
  failed: 'SERVER_WRITEBACK_FAILED',
} as const satisfies Record<string, ServerErrorCode>;

/** What a failed write-back tells an operator: the error's code and the helpdesk's own words, field errors included. */
export function describeWritebackFailure(error: unknown, now: Date = new Date()): WritebackFailure {
  const failedAt = now.toISOString();
  if (isConnectorError(error)) {
    const fields = error.fieldErrors.map((field) => field.message).join('; ');
    return { code: error.code, reason: fields ? `${error.message} (${fields})` : error.message, httpStatus: error.httpStatus ?? null, failedAt };
  }
  if (isThreadlineError(error)) return { code: error.code, reason: error.message, httpStatus: null, failedAt };
  return { code: WritebackErrorCode.failed, reason: error instanceof Error ? error.message : String(error), httpStatus: null, failedAt };
}

/**
 * The error a caller gets for a failed write-back. A refusal stays a `user` error with the
 * helpdesk's problem (`unprocessable` for a validation error): the request was understood and cannot succeed
 * as it is, so a job does not retry it. Anything else is `upstream` (502, or the 503 a rate limit
 * asks for, with its wait). Either way `details.answerId` names the answer to retry.
 */
export function writebackError(error: unknown, answerId: string, failure: WritebackFailure): ThreadlineError {
  const isRefused = isThreadlineError(error) && error.category === 'user';
  const retryAfterMs = isThreadlineError(error) ? error.details.retryAfterMs : undefined;
  const fieldErrors = isConnectorError(error) && error.fieldErrors.length > 0 ? error.fieldErrors : undefined;
  return new ThreadlineError({
    ...classify(ServerErrors, isRefused ? WritebackErrorCode.refused : WritebackErrorCode.failed),
    // The helpdesk's own problem (a missing ticket, a conflict, a rate limit) decides the answer's status.
    ...(isThreadlineError(error) ? { problem: error.problem } : {}),
    message: isRefused ? `The helpdesk refused the write: ${failure.reason}` : `Writing to the helpdesk failed: ${failure.reason}`,
    details: {
      answerId,
      helpdeskCode: failure.code,
      reason: failure.reason,
      ...(failure.httpStatus === null ? {} : { httpStatus: failure.httpStatus }),
      ...(typeof retryAfterMs === 'number' ? { retryAfterMs } : {}),
      ...(fieldErrors ? { fieldErrors: fieldErrors as unknown as JsonValue } : {}),
    },
    cause: error,
  });
}

/**
 * Runs one write-back and records its outcome on the answer: `written` with the message id, or
 * `failed` with the helpdesk's reason (then throws `writebackError`). Either record marks the
 * answer's customer for a report facts rewrite in the same statement. `afterWritten` runs between
 * the write and the record (the crash-recovery tests stop there).
 */
export async function attemptWriteBack(input: {
  db: Queryable;
  tenantId: string;
  answerId: string;
  write: () => Promise<WriteBackOutcome>;
  afterWritten?: () => Promise<void>;
  /** Stored with the outcome; read when it is recorded, so the write may add to it. */
  timings?: Record<string, number>;
  /**
   * The mirrored ticket the message was written on: the message joins its thread at once, so the
   * customer's timeline shows the reply (or note) without waiting for the helpdesk's next event or
   * sync, and without a request to read it back. A failure here leaves the answer written: the job
   * retried finds it written and the ticket's next refresh mirrors the message.
   */
  mirrorTicketId?: string;
}): Promise<WriteBackOutcome> {
  const { db, tenantId, answerId } = input;
  let outcome: WriteBackOutcome;
  try {
    outcome = await input.write();
  } catch (error) {
    const failure = describeWritebackFailure(error);
    await markWriteback(db, { tenantId, answerId, status: 'failed', failure, markFactsStale: true, ...(input.timings ? { timings: input.timings } : {}) });
    throw writebackError(error, answerId, failure);
  }
  await input.afterWritten?.();
  await markWriteback(db, { tenantId, answerId, status: 'written', messageId: outcome.messageId, markFactsStale: true, ...(input.timings ? { timings: input.timings } : {}) });
  if (input.mirrorTicketId && outcome.message) await upsertMessages(db, tenantId, [{ ticketId: input.mirrorTicketId, messages: [outcome.message] }]);
  return outcome;
}
