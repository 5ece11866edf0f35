import Type, { type Static } from 'typebox';
import { NullableDecisionBody } from './decision.js';

export const TicketRefParams = Type.Object({ ref: Type.String({ pattern: '^[0-9A-Za-z_-]{1,64}$', description: 'The ticket id in the helpdesk' }) });

/**
 * Which path produced a text: `claude`, `openai` (an OpenAI-compatible endpoint, often a
 * self-hosted model) or `offline` (extractive, no model). A UI that shows a label should fall back
 * to showing the value for a path it does not know.
 */
export const AnswerPath = Type.Union([Type.Literal('claude'), Type.Literal('openai'), Type.Literal('offline')], { description: 'Which path produced the text: claude, openai (OpenAI-compatible model) or offline' });

export const CitationBody = Type.Object({
  number: Type.Integer({ minimum: 1, description: 'The [n] citedText refers to; one number per article' }),
  passageId: Type.String(),
  title: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
});

export const Suggestion = Type.Object(
  {
    answerId: Type.String({ format: 'uuid', description: 'Send feedback about this suggestion to /v1/answers/{answerId}/feedback' }),
    action: Type.Union([Type.Literal('draft'), Type.Literal('reply'), Type.Literal('escalate')], { description: 'What the agent would have done on its own' }),
    replyText: Type.String({ description: 'The reply alone, as it would be sent: what Insert puts into the editor (no [n] markers, no source list)' }),
    citedText: Type.String({ description: 'replyText with [n] after each sentence whose source is known; for display only' }),
    language: Type.String(),
    citations: Type.Array(CitationBody),
    confidence: Type.Number({ minimum: 0, maximum: 1 }),
    decision: NullableDecisionBody,
    summary: Type.String({ description: "The customer's whole cross-channel history in a few sentences" }),
    escalation: Type.Union([
      Type.Object({ reason: Type.String(), summary: Type.String(), group: Type.Optional(Type.String()), priority: Type.Optional(Type.String()), tags: Type.Array(Type.String()) }),
      Type.Null(),
    ]),
    guardrails: Type.Array(Type.String()),
    path: AnswerPath,
    closestAnswer: Type.Optional(
      Type.Object(
        {
          replyText: Type.String({ description: 'What Insert puts into the editor (no [n] markers)' }),
          citedText: Type.String({ description: 'replyText with [n] markers; for display only' }),
        },
        { description: 'On an escalation below the hand-off cut: the answer drafted from the knowledge, never sent, as a lead for the agent who takes the ticket over' },
      ),
    ),
  },
  { $id: 'Suggestion' },
);
export type Suggestion = Static<typeof Suggestion>;

export const RewriteBody = Type.Object({
  text: Type.String({ minLength: 1, maxLength: 20_000 }),
  style: Type.Union([Type.Literal('shorter'), Type.Literal('friendlier'), Type.Literal('more_formal'), Type.Literal('translate')]),
  targetLanguage: Type.Optional(Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', description: 'BCP 47; required for translate' })),
});

export type CitationBody = Static<typeof CitationBody>;

export const RewriteResponse = Type.Object(
  {
    text: Type.String(),
    style: Type.String(),
    isAvailable: Type.Boolean({ description: 'False when this path cannot do the rewrite (offline translation); text is then unchanged' }),
    language: Type.String(),
    note: Type.Optional(Type.String()),
    path: AnswerPath,
  },
  { $id: 'RewriteResponse' },
);
export type RewriteResponse = Static<typeof RewriteResponse>;

export const EscalateBody = Type.Object({
  reason: Type.String({ minLength: 3, maxLength: 2000 }),
  groupId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  priority: Type.Optional(Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')])),
  tags: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9_:-]{1,80}$' }), { maxItems: 20 })),
});

/** Retrying with the same key returns the first result; the key is scoped to the tenant, route and ticket. */
export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$', description: 'A client-chosen key (e.g. a UUID) that makes a retried request safe' }),
  ),
});

export const EscalateResponse = Type.Object(
  {
    answerId: Type.String({ format: 'uuid' }),
    messageId: Type.String(),
    summary: Type.String(),
    group: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()], {
      description: 'Where the ticket went: the group it was routed to, named as the helpdesk names it; null when it stayed where it was',
    }),
  },
  { $id: 'EscalateResponse' },
);
export type EscalateResponse = Static<typeof EscalateResponse>;

export const SummaryResponse = Type.Object(
  {
    customer: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
    text: Type.String(),
    contactCount: Type.Integer(),
    channels: Type.Array(Type.String()),
    path: AnswerPath,
  },
  { $id: 'SummaryResponse' },
);
export type SummaryResponse = Static<typeof SummaryResponse>;

export const FeedbackBody = Type.Object({
  verdict: Type.Union([Type.Literal('used'), Type.Literal('edited'), Type.Literal('rejected'), Type.Literal('helpful'), Type.Literal('unhelpful')]),
  editedText: Type.Optional(Type.String({ maxLength: 20_000 })),
  reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'Why the agent turned the suggestion down (with "unhelpful" or "rejected")' })),
});

export const HandoffChannelBody = Type.Union([Type.Literal('voice'), Type.Literal('email'), Type.Literal('whatsapp'), Type.Literal('sms')], {
  description: 'The channel to continue on: voice (a callback request), email, whatsapp or sms',
});

export const HandoffBody = Type.Object({
  channel: HandoffChannelBody,
  question: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: "What the customer still needs answered; by default their latest question on the ticket" })),
});

export const HandoffResponse = Type.Object(
  {
    handoffId: Type.String({ format: 'uuid' }),
    channel: HandoffChannelBody,
    ticket: Type.Object({ id: Type.String(), url: Type.String() }, { description: 'The follow-up ticket opened on the target channel' }),
    acknowledgment: Type.String({ description: 'The public reply the customer got on the channel they are on' }),
    wasAlreadyDone: Type.Boolean({ description: 'True when an earlier request with the same Idempotency-Key had done it' }),
  },
  { $id: 'HandoffResponse' },
);
export type HandoffResponse = Static<typeof HandoffResponse>;

export const GroupsResponse = Type.Object(
  { groups: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })) },
  { $id: 'GroupsResponse' },
);
export type GroupsResponse = Static<typeof GroupsResponse>;

export const AskBody = Type.Object({ question: Type.String({ minLength: 2, maxLength: 2000 }) });

export const AskResponse = Type.Object(
  {
    answer: Type.String({ description: 'The answer alone, insertable; empty when nothing relevant was found' }),
    citedText: Type.String({ description: 'answer with [n] markers, for display only' }),
    isFound: Type.Boolean({ description: "False when the knowledge base has nothing relevant: no answer, no citations (\"I couldn't find this in the knowledge base\")" }),
    citations: Type.Array(CitationBody),
    doubt: Type.Optional(
      Type.String({ description: 'Present when Threadline would hand such a question off: the answer is the closest the knowledge gave, and this says why to check it, with the figure' }),
    ),
    confidence: Type.Number(),
    passages: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), url: Type.Union([Type.String(), Type.Null()]), sectionPath: Type.Array(Type.String()), content: Type.String(), score: Type.Number() })),
    path: AnswerPath,
  },
  { $id: 'AskResponse' },
);
export type AskResponse = Static<typeof AskResponse>;
