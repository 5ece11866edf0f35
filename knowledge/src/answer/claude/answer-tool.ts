import Type, { type Static } from 'typebox';
import type { ModelAnswer } from '../answer-model.js';
import { PrioritySchema } from '../types.js';

/**
 * The tools the model must call. Their input schemas double as the validators of what comes back:
 * a tool call that does not match is treated as malformed output.
 */

export const ANSWER_TOOL_NAME = 'answer_ticket';
export const REWRITE_TOOL_NAME = 'rewrite_draft';
export const SUMMARY_TOOL_NAME = 'summarize_history';

export const AnswerToolInputSchema = Type.Object({
  action: Type.Union([Type.Literal('draft'), Type.Literal('reply'), Type.Literal('escalate')], {
    description: 'reply: safe to send to the customer as is; draft: an agent should review it; escalate: a person must handle the ticket.',
  }),
  reply_text: Type.String({
    description: 'The answer body in the customer\u2019s language, without greeting or sign-off (they are added for the channel).',
  }),
  language: Type.String({ description: 'BCP 47 language of reply_text, e.g. "en", "es", "pt-BR".', minLength: 2 }),
  citations: Type.Array(Type.String(), { description: 'Ids of the <source> elements whose content supports the answer. Only ids given in <sources>.' }),
  confidence: Type.Number({ minimum: 0, maximum: 1, description: 'How sure you are that the sources fully answer the question (0..1).' }),
  summary: Type.String({ description: 'The customer\u2019s whole history across channels in 2 to 5 sentences, for the agent, in English.' }),
  escalation: Type.Optional(
    Type.Object({
      reason: Type.String(),
      group: Type.Optional(Type.String()),
      priority: Type.Optional(PrioritySchema),
      tags: Type.Optional(Type.Array(Type.String())),
    }),
  ),
});
export type AnswerToolInput = Static<typeof AnswerToolInputSchema>;

export const RewriteToolInputSchema = Type.Object({
  text: Type.String({ minLength: 1, description: 'The rewritten text.' }),
  language: Type.String({ minLength: 2, description: 'BCP 47 language of the rewritten text.' }),
});
export type RewriteToolInput = Static<typeof RewriteToolInputSchema>;

export const SummaryToolInputSchema = Type.Object({
  summary: Type.String({ minLength: 1, description: 'The history in 2 to 5 sentences, in English.' }),
});
export type SummaryToolInput = Static<typeof SummaryToolInputSchema>;

/** A schema as the Messages API wants it: plain JSON (TypeBox's symbol keys do not survive serialization anyway). */
export function toInputSchema(schema: object): { type: 'object'; [key: string]: unknown } {
  return JSON.parse(JSON.stringify(schema)) as { type: 'object'; [key: string]: unknown };
}

/** The engine's view of an `answer_ticket` result, whichever way the model delivered it. */
export function toModelAnswer(tool: AnswerToolInput): ModelAnswer {
  return {
    action: tool.action,
    replyText: tool.reply_text,
    language: tool.language,
    citationIds: tool.citations,
    confidence: tool.confidence,
    summary: tool.summary,
    ...(tool.escalation ? { escalation: tool.escalation } : {}),
  };
}
