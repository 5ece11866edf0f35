import Type, { type Static } from 'typebox';
import { NullableDecisionBody } from './decision.js';
import { CHANNELS } from '@threadline/connector-core';
import { ChannelPolicyBody } from './policy.js';

const Action = Type.Union([Type.Literal('reply'), Type.Literal('draft'), Type.Literal('escalate')], {
  description: 'reply: sent on its own; draft: an internal note for an agent; escalate: handed to a person',
});
const Share = Type.Number({ minimum: 0, maximum: 1 });

export const ReplayFiguresBody = Type.Object({
  tickets: Type.Integer(),
  autoShare: Type.Number({ minimum: 0, maximum: 1, description: 'Share the agent would have answered on its own under the policy' }),
  draftShare: Share,
  escalateShare: Share,
  meanAutoSimilarity: Type.Union([Type.Number(), Type.Null()], { description: "Mean word F1 (0..1) of the automatic replies to the human's reply; null when none" }),
  meanSimilarity: Type.Union([Type.Number(), Type.Null()], {
    description: "Mean word F1 (0..1) of the answers the agent wrote (replies and drafts; an escalation's holding reply is not an answer) to the human's; null when none",
  }),
});
export type ReplayFiguresBody = Static<typeof ReplayFiguresBody>;

export const ReplayChannelFiguresBody = Type.Object({ channel: Type.String(), ...ReplayFiguresBody.properties });

export const ReplayTicketBody = Type.Object({
  ticketExternalId: Type.String(),
  subject: Type.String(),
  channel: Type.String(),
  question: Type.String({ description: "The customer's first message, answered as if it had just arrived" }),
  humanAnswer: Type.String({ description: 'What the human agent actually sent first' }),
  agent: Type.Object({
    action: Action,
    confidence: Type.Number(),
    /** The figure the action was decided on and its cut; null in replays run before it was kept. */
    decision: NullableDecisionBody,
    replyText: Type.String(),
    citations: Type.Array(Type.Object({ title: Type.String(), url: Type.Union([Type.String(), Type.Null()]) })),
    guardrails: Type.Array(Type.String()),
  }),
  similarity: Type.Number({ description: "Word F1 (0..1) of the agent's reply to the human's" }),
  lackedKnowledge: Type.Boolean({ description: 'No passage matched, or the agent escalated for want of knowledge' }),
});
export type ReplayTicketBody = Static<typeof ReplayTicketBody>;

const GapQuestionBody = Type.Object({ ticketExternalId: Type.String(), subject: Type.String(), channel: Type.String(), question: Type.String() });
export const ReplayGapBody = Type.Object({
  topic: Type.String({ description: 'The top terms the questions share, e.g. "gift · card · expire"' }),
  terms: Type.Array(Type.String()),
  query: Type.String({ description: 'What to search the knowledge base for' }),
  questions: Type.Array(GapQuestionBody),
});
export type ReplayGapBody = Static<typeof ReplayGapBody>;

const ChannelSettings = Type.Object(Object.fromEntries(CHANNELS.map((channel) => [channel, ChannelPolicyBody])) as Record<(typeof CHANNELS)[number], typeof ChannelPolicyBody>);

export const ReplayReportBody = Type.Object({
  totals: ReplayFiguresBody,
  channels: Type.Array(ReplayChannelFiguresBody),
  tickets: Type.Array(ReplayTicketBody),
  gaps: Type.Array(ReplayGapBody, { description: 'Questions the knowledge base could not answer, grouped by topic, largest first' }),
  settings: Type.Union([ChannelSettings, Type.Null()], { description: 'Each channel\'s mode and threshold the replay decided under; null for replays from before they were kept' }),
  isComparable: Type.Boolean({ description: 'POST /v1/replays/{id}/compare can decide this replay again under another policy' }),
});
export type ReplayReportBody = Static<typeof ReplayReportBody>;

export const ReplaySummaryBody = Type.Object({
  id: Type.String({ format: 'uuid' }),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('succeeded'), Type.Literal('failed')]),
  limit: Type.Integer({ description: 'How many solved tickets were asked for' }),
  requestedBy: Type.Union([Type.String(), Type.Null()], { description: 'The console account, "api-key", or null for replays from before it was kept' }),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  progress: Type.Union([Type.Object({ done: Type.Integer(), total: Type.Integer() }), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  tickets: Type.Union([Type.Integer(), Type.Null()], { description: 'Tickets replayed, once finished' }),
});
export type ReplaySummaryBody = Static<typeof ReplaySummaryBody>;

export const ReplayListBody = Type.Object({ replays: Type.Array(ReplaySummaryBody) });
export type ReplayListBody = Static<typeof ReplayListBody>;

export const ReplayBody = Type.Object({ ...ReplaySummaryBody.properties, report: Type.Union([ReplayReportBody, Type.Null()]) });
export type ReplayBody = Static<typeof ReplayBody>;

const Threshold = Type.Number({ minimum: 0, maximum: 1 });
const Mode = Type.Union([Type.Literal('off'), Type.Literal('draft'), Type.Literal('auto')]);
const SettingOverride = Type.Object({ mode: Type.Optional(Mode), confidenceThreshold: Type.Optional(Threshold) }, { additionalProperties: false });

export const ReplayCompareRequest = Type.Object(
  {
    policy: Type.Object(
      {
        defaults: Type.Optional(SettingOverride),
        channels: Type.Optional(
          Type.Object(Object.fromEntries(CHANNELS.map((channel) => [channel, Type.Optional(SettingOverride)])) as Record<(typeof CHANNELS)[number], Type.TOptional<typeof SettingOverride>>, {
            additionalProperties: false,
          }),
        ),
      },
      { additionalProperties: false, description: "Laid over the policy the replay ran under, e.g. { channels: { chat: { confidenceThreshold: 0.6 } } }" },
    ),
  },
  { additionalProperties: false },
);
export type ReplayCompareRequest = Static<typeof ReplayCompareRequest>;

const BeforeAfter = Type.Object({ before: ReplayFiguresBody, after: ReplayFiguresBody });
export const ReplayCompareBody = Type.Object({
  settings: Type.Object({ before: ChannelSettings, after: ChannelSettings }),
  totals: BeforeAfter,
  channels: Type.Array(Type.Object({ channel: Type.String(), ...BeforeAfter.properties })),
  changed: Type.Array(
    Type.Object({
      ticketExternalId: Type.String(),
      subject: Type.String(),
      channel: Type.String(),
      confidence: Type.Number(),
      /** The figure the new action was decided on, with its cut under the compared policy. */
      decision: NullableDecisionBody,
      before: Action,
      after: Action,
    }),
    { description: 'Tickets whose action differs under the compared policy' },
  ),
  note: Type.String(),
});
export type ReplayCompareBody = Static<typeof ReplayCompareBody>;
