import type { ReplyShape } from './guardrails/channel-shape.js';
import type { AnswerAction, AnswerChannel, AnswerMode, AnswerPassage, AnswerPath, EscalationPriority, HistoryItem, RewriteStyle } from './types.js';

/**
 * The contract between the engine and a language model. `createClaudeAnswerModel` is the real one;
 * tests and other vendors can supply their own. Everything handed to a model is already redacted.
 * Implementations throw `AnswerError`s (`ANSWER_MODEL_*`); they never apply policy themselves.
 */
export interface AnswerModel {
  /** Model id, reported in results (`model`). */
  readonly name: string;
  /** The path results name: `claude` for the Messages API, `openai` for an OpenAI-compatible endpoint. */
  readonly path: Exclude<AnswerPath, 'offline'>;
  answer(input: ModelAnswerInput, options?: ModelCallOptions): Promise<ModelAnswer>;
  rewrite(input: ModelRewriteInput, options?: ModelCallOptions): Promise<ModelRewrite>;
  summarize(input: ModelSummaryInput, options?: ModelCallOptions): Promise<string>;
}

/**
 * One call to a language model's API as an observer sees it (the server's metrics): who, how long,
 * how many tokens; never what was said. Reported once per call the model adapter makes, after the
 * adapter's own retries, whether it succeeded or not.
 */
export interface ModelCall {
  provider: 'anthropic' | 'openai-compatible';
  model: string;
  operation: 'answer' | 'rewrite' | 'summarize';
  durationMs: number;
  /** `error` when the API call failed (an answer that then fails its schema check is still `ok`). */
  outcome: 'ok' | 'error';
  /** Prompt tokens the provider counted (cached ones included); 0 when it reported none. */
  inputTokens: number;
  outputTokens: number;
}

/** Called inline after each model call: keep it to counting. A throwing observer is ignored. */
export type ModelCallObserver = (call: ModelCall) => void;

/** Reports a call to `observer`, never letting instrumentation change the call's outcome. */
export function reportModelCall(observer: ModelCallObserver | undefined, call: ModelCall): void {
  if (!observer) return;
  try {
    observer(call);
  } catch {
    // Instrumentation never fails an answer.
  }
}

export interface ModelCallOptions {
  signal?: AbortSignal;
}

/** A redacted, condensed answer request. */
export interface ModelAnswerInput {
  channel: AnswerChannel;
  shape: ReplyShape;
  subject: string;
  latestMessage: string;
  localeHint?: string;
  detectedLanguage: string;
  /** One line per earlier contact: "email, 7 days ago (2024-05-01): “Order not delivered”, 3 customer messages". */
  contacts: string[];
  /** The most recent history items, oldest first, texts redacted and truncated. */
  history: HistoryItem[];
  /** History items left out to keep the prompt bounded. */
  omittedHistory: number;
  passages: AnswerPassage[];
  /** Ids of `passages` whose text carries instruction-like patterns; the model is told so. */
  flaggedPassageIds?: string[];
  /**
   * A random token of this request to put in the instructions with the order never to reveal it;
   * the engine fails any reply that contains it.
   */
  canary?: string;
  policy: {
    mode: AnswerMode;
    confidenceThreshold: number;
    refundLimit?: number;
    blockedTopicNames: string[];
  };
}

/** What the model proposed, validated against the tool schema but not yet against policy. */
export interface ModelAnswer {
  action: AnswerAction;
  replyText: string;
  language: string;
  citationIds: string[];
  confidence: number;
  summary: string;
  escalation?: { reason: string; group?: string; priority?: EscalationPriority; tags?: string[] };
}

export interface ModelRewriteInput {
  text: string;
  style: RewriteStyle;
  targetLanguage?: string;
}

export interface ModelRewrite {
  text: string;
  language: string;
}

export interface ModelSummaryInput {
  contacts: string[];
  history: HistoryItem[];
  omittedHistory: number;
}
