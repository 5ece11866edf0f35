/**
 * `@threadline/knowledge/answer`: from a ticket, its cross-channel history, retrieved passages and
 * the tenant's policy to a cited draft, a public reply or an escalation.
 *
 * @example
 * import { createAnswerEngine } from '@threadline/knowledge/answer';
 * const engine = createAnswerEngine(apiKey ? { anthropic: { apiKey } } : {});
 * // or a self-hosted model behind an OpenAI-compatible endpoint:
 * const local = createAnswerEngine({ openaiCompatible: { baseURL: 'http://localhost:11434/v1', model: 'llama3.1:8b' } });
 * const result = await engine.answer({ ticket, latestMessage, history, passages, policy });
 */
export { createAnswerEngine, rewriteDraft, type AnswerCallOptions, type AnswerEngine, type AnswerEngineLogger, type AnswerEngineOptions, type SummarizeOptions } from './answer-engine.js';
export { citedPassageIds, citeDocuments, documentOf, type DocumentCitations } from './citations/cite-documents.js';
export { markCitations, numberCitations, type NumberedSource } from './citations/number-citations.js';
export type { AnswerModel, ModelAnswer, ModelAnswerInput, ModelCall, ModelCallObserver, ModelCallOptions, ModelRewrite, ModelRewriteInput, ModelSummaryInput } from './answer-model.js';
export { createClaudeAnswerModel, DEFAULT_CLAUDE_MODEL, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT_MS, type ClaudeConfig } from './claude/claude-answer-model.js';
export { AnswerError, AnswerErrorCode, isAnswerError, type AnswerErrorCodeValue, type AnswerErrorOptions } from '../errors.js';
export {
  createOpenAICompatibleAnswerModel,
  DEFAULT_OPENAI_COMPATIBLE_TIMEOUT_MS,
  type OpenAICompatibleConfig,
} from './openai-compatible/openai-compatible-answer-model.js';
export type { StructuredOutputMode } from './openai-compatible/structured-output.js';
export { DEFAULT_BLOCKED_TOPICS, matchBlockedTopics, matchRefundOverLimit, type TopicMatch } from './guardrails/blocked-topics.js';
export { shapeOf, shapeReply, type ReplyShape } from './guardrails/channel-shape.js';
export { enforcePolicy, veryLowConfidence, type AnswerProposal, type OutgoingCheckOptions } from './guardrails/enforce-policy.js';
export { checkOutgoingReply, type OutgoingReply, type ReplyFinding } from './guardrails/outgoing/check-reply.js';
export { GROUNDING_MIN_OVERLAP } from './guardrails/outgoing/reply-grounding.js';
export { detectPassageInjection, flaggedPassageIds } from './guardrails/passage-injection.js';
export { detectPromptInjection } from './guardrails/prompt-injection.js';
export { OFFLINE_CONFIDENCE_CAP } from './offline/extractive-answer.js';
export { DEFAULT_CONFIDENCE_THRESHOLD, escalateBelow, OFFLINE_ESCALATE_AT_DEFAULT } from './decision/calibration.js';
export { noKnowledgeNeeded, type NoKnowledgeReason } from './decision/no-knowledge-needed.js';
export { answerability, answerabilityLogit, ANSWERABILITY_MODEL, FEATURE_NAMES, modelFeatures, type AnswerabilityModel } from './decision/answerability.js';
export { decisionSignals, SIGNAL_NAMES, type DecisionSignals, type SignalInput } from './decision/decision-signals.js';
export { answerOffline, type OfflineProposal } from './offline/offline-answer.js';
export { maskPersonalData, redactText, type MaskedText, type RedactOptions } from './privacy/redact-text.js';
export { createNameRecognizer, type NameRecognizer, type NameRecognizerOptions, type NameRecognizerUsage } from '../redaction/index.js';
export { summarizeHistory, type HistorySummary } from './summary/summarize-history.js';
export { detectLanguage } from './text/detect-language.js';
export { normalizedSentence, splitSentences } from './text/text-tools.js';
export {
  ANSWER_CHANNELS,
  AnswerPassageSchema,
  AnswerPolicySchema,
  AnswerRequestSchema,
  AnswerResultSchema,
  BlockedTopicSchema,
  HistoryItemSchema,
  RewriteRequestSchema,
  RewriteResultSchema,
  SummaryResultSchema,
  type AnswerAction,
  type AnswerChannel,
  type AnswerMode,
  type AnswerPassage,
  type AnswerPath,
  type AnswerPolicy,
  type AnswerRequest,
  type AnswerResult,
  type AnswerTicket,
  type BlockedTopic,
  type Citation,
  type Escalation,
  type EscalationPriority,
  type EscalationRouting,
  type HistoryItem,
  type RewriteRequest,
  type RewriteResult,
  type RewriteStyle,
  type SummaryResult,
} from './types.js';
export { toAnswerPassage } from './to-answer-passage.js';
