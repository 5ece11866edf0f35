import { AUTHOR_ROLES, CHANNELS, DECISION_BASES, DECISION_MEASURES, type Channel } from '@threadline/vocabulary';
import Type, { type Static } from 'typebox';

/**
 * The answer engine's contract: what the server hands in (ticket, cross-channel history, retrieved
 * passages, tenant policy) and what comes back (a validated, guardrailed decision). The schemas are
 * the single source of truth; every type here is inferred from one.
 */

/**
 * The normalized channel vocabulary (`@threadline/vocabulary`). `ANSWER_CHANNELS` and `AnswerChannel`
 * stay as names of the engine's contract, but they are the one list, not a copy of it.
 */
export const ANSWER_CHANNELS = CHANNELS;
export const AnswerChannelSchema = Type.Enum(ANSWER_CHANNELS);
export type AnswerChannel = Channel;

/**
 * A retrieved passage as the engine sees it. The retrieval layer's own passage is mapped to this.
 * `score` is relevance in 0..1, 1 best (e.g. cosine similarity of the best chunk, or a fused score
 * normalized to 0..1); values outside are clamped.
 */
export const AnswerPassageSchema = Type.Object({
  id: Type.String({ minLength: 1 }),
  /**
   * The document (article, page) the passage is a chunk of: chunks of one document are one source
   * to cite. Absent → the URL, or else the title, tells documents apart.
   */
  documentId: Type.Optional(Type.String({ minLength: 1 })),
  title: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  sectionPath: Type.Array(Type.String()),
  content: Type.String(),
  /** `internal` passages may inform agent drafts but are never cited in a public reply. */
  visibility: Type.Union([Type.Literal('public'), Type.Literal('internal')]),
  score: Type.Number(),
  /**
   * The cosine similarity of the passage to the query in the vector search, when that search
   * returned it (`score` may come from the full-text match instead): how close in meaning.
   */
  similarity: Type.Optional(Type.Number()),
});
export type AnswerPassage = Static<typeof AnswerPassageSchema>;

export const AuthorRoleSchema = Type.Enum(AUTHOR_ROLES);

/** One message of the customer's unified timeline, across tickets and channels. */
export const HistoryItemSchema = Type.Object({
  /** ISO 8601 timestamp. */
  at: Type.String(),
  channel: AnswerChannelSchema,
  authorRole: AuthorRoleSchema,
  isPublic: Type.Boolean(),
  text: Type.String(),
  ticketSubject: Type.String(),
  /** The helpdesk's ticket id (or any stable reference) the message belongs to. */
  ticketRef: Type.String(),
});
export type HistoryItem = Static<typeof HistoryItemSchema>;

export const PrioritySchema = Type.Union([Type.Literal('low'), Type.Literal('normal'), Type.Literal('high'), Type.Literal('urgent')]);
export type EscalationPriority = Static<typeof PrioritySchema>;

export const EscalationRoutingSchema = Type.Object({
  group: Type.Optional(Type.String()),
  priority: Type.Optional(PrioritySchema),
  tags: Type.Optional(Type.Array(Type.String())),
});
export type EscalationRouting = Static<typeof EscalationRoutingSchema>;

/**
 * A topic that always escalates. Each keyword matches the customer's text case-insensitively as a
 * whole word or phrase; a keyword written `/…/` is a regular expression (flags `iu` are implied).
 */
export const BlockedTopicSchema = Type.Object({
  name: Type.String({ minLength: 1 }),
  keywords: Type.Array(Type.String({ minLength: 1 })),
  escalateTo: Type.Optional(EscalationRoutingSchema),
});
export type BlockedTopic = Static<typeof BlockedTopicSchema>;

export const AnswerModeSchema = Type.Union([Type.Literal('off'), Type.Literal('draft'), Type.Literal('auto')]);
export type AnswerMode = Static<typeof AnswerModeSchema>;

/** The tenant's policy for one ticket (the server resolves per-channel overrides before calling). */
export const AnswerPolicySchema = Type.Object({
  /** `off`: compute but never act (action is always `draft`); `draft`: internal notes only; `auto`: public replies allowed. */
  mode: AnswerModeSchema,
  /** A public reply needs at least this confidence (0..1). */
  confidenceThreshold: Type.Number({ minimum: 0, maximum: 1 }),
  blockedTopics: Type.Array(BlockedTopicSchema),
  /** Refund requests above this amount (any currency) escalate as `refund-over-limit`. */
  refundLimit: Type.Optional(Type.Number({ minimum: 0 })),
  /**
   * Hosts the tenant's knowledge is published on (`help.example.com`). A link in an automatic reply
   * must be a cited passage's URL or on one of these (or on the host of a passage retrieved for the ticket).
   */
  knowledgeHosts: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  agentName: Type.Optional(Type.String()),
  companyName: Type.Optional(Type.String()),
  /** The tenant's own greeting line for letter-shaped replies; `{name}` becomes the customer's first name. */
  greeting: Type.Optional(Type.String()),
  /** The tenant's own sign-off line for letter-shaped replies. */
  signOff: Type.Optional(Type.String()),
  /** ISO 639-1 languages a public reply may be in; a reply in another is held as a draft. Absent or empty: any. */
  languages: Type.Optional(Type.Array(Type.String())),
});
export type AnswerPolicy = Static<typeof AnswerPolicySchema>;

export const AnswerTicketSchema = Type.Object({
  subject: Type.String(),
  channel: AnswerChannelSchema,
  customerName: Type.Optional(Type.String()),
  /** BCP 47 locale the helpdesk knows for the customer; a hint when the text is too short to detect. */
  locale: Type.Optional(Type.String()),
});
export type AnswerTicket = Static<typeof AnswerTicketSchema>;

export const AnswerRequestSchema = Type.Object({
  ticket: AnswerTicketSchema,
  /** The customer's message being answered. */
  latestMessage: Type.String(),
  /** The whole cross-channel timeline, oldest first (order is not required; it is sorted). */
  history: Type.Array(HistoryItemSchema),
  passages: Type.Array(AnswerPassageSchema),
  policy: AnswerPolicySchema,
});
export type AnswerRequest = Static<typeof AnswerRequestSchema>;

export const AnswerActionSchema = Type.Union([Type.Literal('draft'), Type.Literal('reply'), Type.Literal('escalate')]);
export type AnswerAction = Static<typeof AnswerActionSchema>;

/** One cited document: several of its chunks may back the reply, but it is listed once. */
export const CitationSchema = Type.Object({
  /** The document's first cited passage (the one to open). */
  passageId: Type.String(),
  /**
   * Every cited passage of the document, `passageId` first; absent when it is the only one.
   * Checks that a sentence rests on its source read all of them.
   */
  passageIds: Type.Optional(Type.Array(Type.String())),
  url: Type.Union([Type.String(), Type.Null()]),
  title: Type.String(),
  /**
   * Sentences of `replyText` taken from this passage (offline path), so a UI can put the source's
   * [n] after them. Absent when the path cannot say (Claude cites per answer, not per sentence).
   */
  quotes: Type.Optional(Type.Array(Type.String())),
});
export type Citation = Static<typeof CitationSchema>;

export const EscalationSchema = Type.Object({
  reason: Type.String(),
  summary: Type.String(),
  group: Type.Optional(Type.String()),
  priority: Type.Optional(PrioritySchema),
  tags: Type.Array(Type.String()),
});
export type Escalation = Static<typeof EscalationSchema>;

/** Which path answered: `claude`, `openai` (any OpenAI-compatible chat endpoint, often self-hosted) or `offline` (extractive, no model). */
export const AnswerPathSchema = Type.Union([Type.Literal('claude'), Type.Literal('openai'), Type.Literal('offline')]);
export type AnswerPath = Static<typeof AnswerPathSchema>;

/**
 * The figure the outcome was decided on (`@threadline/vocabulary`'s `DecisionFigure`): the offline
 * path's `answerability` against its hand-off cut, or the `confidence` against the hand-off cut or
 * the tenant's threshold. `outcome` says what the figure itself made the answer (`escalate`,
 * `draft`), null when it passed its cut and any hand-off or draft came from a rule or the mode.
 */
export const DecisionFigureSchema = Type.Object({
  measure: Type.Enum(DECISION_MEASURES),
  value: Type.Number({ minimum: 0, maximum: 1 }),
  cut: Type.Number({ minimum: 0, maximum: 1 }),
  outcome: Type.Union([Type.Literal('escalate'), Type.Literal('draft'), Type.Null()]),
  /** A hand-off no figure decided: nothing in the knowledge matched, or the message needs no knowledge answer. */
  basis: Type.Optional(Type.Enum(DECISION_BASES)),
});
export type DecisionFigureResult = Static<typeof DecisionFigureSchema>;

/**
 * The engine's decision. `action` is final: guardrails ran after the model and the model cannot
 * override them. On `escalate`, `replyText` is a holding reply the agent may send, never sent automatically.
 */
export const AnswerResultSchema = Type.Object({
  path: AnswerPathSchema,
  model: Type.Optional(Type.String()),
  action: AnswerActionSchema,
  replyText: Type.String(),
  /** BCP 47 language of `replyText`. */
  language: Type.String({ minLength: 2 }),
  citations: Type.Array(CitationSchema),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  /** Offline only: the calibrated probability that the knowledge answers the message, which decided escalate or answer. */
  answerability: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  /** The figure the outcome was decided on and its cut; what every screen shows. */
  decision: Type.Optional(DecisionFigureSchema),
  /** The whole cross-channel history in 2–5 sentences. */
  summary: Type.String(),
  escalation: Type.Optional(EscalationSchema),
  /**
   * On a hand-off below the cut: the answer drafted from the knowledge, never sent, which the
   * escalation note shows the agent as a lead (the decision judged it unlikely to answer).
   */
  closestAnswer: Type.Optional(Type.String()),
  /** Rules that fired, e.g. `voice-never-auto`, `no-citation`, `blocked-topic:legal`, `prompt-injection`, `low-confidence`. */
  guardrails: Type.Array(Type.String()),
});
export type AnswerResult = Static<typeof AnswerResultSchema>;

export const RewriteStyleSchema = Type.Union([
  Type.Literal('shorter'),
  Type.Literal('friendlier'),
  Type.Literal('more_formal'),
  Type.Literal('translate'),
]);
export type RewriteStyle = Static<typeof RewriteStyleSchema>;

export const RewriteRequestSchema = Type.Object({
  text: Type.String(),
  style: RewriteStyleSchema,
  /** Required for `translate`: BCP 47 target language. */
  targetLanguage: Type.Optional(Type.String()),
  /** Used by the friendlier / more formal sign-offs. */
  agentName: Type.Optional(Type.String()),
  companyName: Type.Optional(Type.String()),
  customerName: Type.Optional(Type.String()),
});
export type RewriteRequest = Static<typeof RewriteRequestSchema>;

export const RewriteResultSchema = Type.Object({
  path: AnswerPathSchema,
  model: Type.Optional(Type.String()),
  style: RewriteStyleSchema,
  /** False when this path cannot do the rewrite (offline translation): `text` is then the input unchanged. */
  isAvailable: Type.Boolean(),
  text: Type.String(),
  language: Type.String(),
  /** Why the rewrite was unavailable or fell back. */
  note: Type.Optional(Type.String()),
});
export type RewriteResult = Static<typeof RewriteResultSchema>;

export const SummaryResultSchema = Type.Object({
  path: AnswerPathSchema,
  model: Type.Optional(Type.String()),
  text: Type.String(),
  /** Distinct tickets in the history. */
  contactCount: Type.Integer({ minimum: 0 }),
  channels: Type.Array(AnswerChannelSchema),
});
export type SummaryResult = Static<typeof SummaryResultSchema>;
