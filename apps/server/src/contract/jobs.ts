import Type, { type Static } from 'typebox';
import { NullableDecisionBody } from './decision.js';

/**
 * The one job status vocabulary, the same for every queue and route (jobs, syncs, replays,
 * knowledge syncs); `@threadline/platform/queue` owns it (`JOB_STATUSES`).
 */
export const JOB_STATUS_VALUES = ['queued', 'running', 'succeeded', 'failed'] as const;

export const JobStatusBody = Type.Union(
  [Type.Literal(JOB_STATUS_VALUES[0]), Type.Literal(JOB_STATUS_VALUES[1]), Type.Literal(JOB_STATUS_VALUES[2]), Type.Literal(JOB_STATUS_VALUES[3])],
  {
    description:
      'queued: waiting to run (after a failed attempt that will be retried, again, with lastError and a later runAt); running: a worker holds it; succeeded: done, see result; failed: the dead letter (attempts used up, or an error no retry can fix), POST /v1/jobs/{id}/retry sends it round again',
  },
);

export const JobBody = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    queue: Type.String(),
    status: JobStatusBody,
    attempts: Type.Integer(),
    maxAttempts: Type.Integer(),
    /** When it runs next: its first run, or the retry after a failed attempt. */
    runAt: Type.String({ format: 'date-time' }),
    lastError: Type.Union([Type.String(), Type.Null()]),
    /** The error code of the last failed attempt, when the error had one. */
    errorCode: Type.Union([Type.String(), Type.Null()]),
    payload: Type.Unknown(),
    result: Type.Unknown(),
    /** The helpdesk ticket the job works on (webhook nudges, write-backs), when it has one. */
    ticketId: Type.Union([Type.String(), Type.Null()]),
    /** Where the ticket opens in the helpdesk (`https://{sub}.zendesk.com/agent/tickets/{id}`, `https://{domain}/a/tickets/{id}`). */
    helpdeskUrl: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'Job' },
);
export type JobBody = Static<typeof JobBody>;

export const WebhookAccepted = Type.Object(
  {
    status: Type.Union([Type.Literal('accepted'), Type.Literal('coalesced'), Type.Literal('duplicate')], {
      description: 'accepted: a new job; coalesced: joined the queued job of the same ticket; duplicate: an exact redelivery (same event or invocation id)',
    }),
    eventId: Type.Union([Type.String(), Type.Null()], { description: "The helpdesk's event id, when it sends one" }),
    deliveryId: Type.Union([Type.String(), Type.Null()], { description: "The helpdesk's delivery id (Zendesk invocation id), when it sends one" }),
    jobId: Type.String({ format: 'uuid' }),
  },
  { $id: 'WebhookAccepted' },
);

/** What a failed write-back reports: the error code, the helpdesk's reason, its HTTP status. */
export const WritebackFailureBody = Type.Object(
  {
    code: Type.String({ examples: ['ZENDESK_VALIDATION'] }),
    reason: Type.String({ description: "The helpdesk's own words, field errors included" }),
    httpStatus: Type.Union([Type.Integer(), Type.Null()]),
    failedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'WritebackFailure' },
);

/** One agent's verdict on an answer, from the sidebar. */
export const AnswerFeedbackBody = Type.Object(
  {
    verdict: Type.Union([Type.Literal('used'), Type.Literal('edited'), Type.Literal('rejected'), Type.Literal('helpful'), Type.Literal('unhelpful')]),
    agentExternalId: Type.Union([Type.String(), Type.Null()]),
    editedText: Type.Union([Type.String(), Type.Null()]),
    reason: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'AnswerFeedback' },
);

/** One answer of the agent and what became of its write-back. */
export const AnswerBody = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    ticketExternalId: Type.String(),
    trigger: Type.String(),
    action: Type.String(),
    path: Type.String(),
    confidence: Type.Number(),
    /** The figure the outcome was decided on and its cut; null on answers stored before it was kept. */
    decision: NullableDecisionBody,
    replyText: Type.String(),
    citations: Type.Array(Type.Object({ passageId: Type.String(), title: Type.String(), url: Type.Union([Type.String(), Type.Null()]) })),
    guardrails: Type.Array(Type.String()),
    escalationReason: Type.Union([Type.String(), Type.Null()]),
    writeback: Type.Union([Type.Literal('pending'), Type.Literal('written'), Type.Literal('skipped'), Type.Literal('failed')]),
    /** Why the last write-back failed; null unless `writeback` is `failed`. POST /v1/answers/{id}/retry tries again. */
    writebackFailure: Type.Union([WritebackFailureBody, Type.Null()]),
    /** The channel of the answer's ticket; null while the ticket is not in the mirror. */
    channel: Type.Union([Type.String(), Type.Null()]),
    /** Where the ticket opens in the helpdesk. */
    helpdeskUrl: Type.Union([Type.String(), Type.Null()]),
    /** What agents said about it, oldest first. */
    feedback: Type.Array(AnswerFeedbackBody),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'Answer' },
);
export type AnswerBody = Static<typeof AnswerBody>;

export const WritebackRetryBody = Type.Object(
  {
    /** `written`: written now. `queued`: the answer's webhook job was sent round again (poll it). */
    status: Type.Union([Type.Literal('written'), Type.Literal('queued')]),
    jobId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    messageId: Type.Union([Type.String(), Type.Null()]),
    answer: AnswerBody,
  },
  { $id: 'WritebackRetry' },
);
