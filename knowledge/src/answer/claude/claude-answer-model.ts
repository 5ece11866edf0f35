import Anthropic, {
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  type ClientOptions,
} from '@anthropic-ai/sdk';
import type { TSchema } from 'typebox';
import { schemaProblems } from '../schema-check.js';
import { reportModelCall, type AnswerModel, type ModelAnswer, type ModelAnswerInput, type ModelCall, type ModelCallObserver, type ModelCallOptions, type ModelRewrite, type ModelRewriteInput, type ModelSummaryInput } from '../answer-model.js';
import { AnswerError, AnswerErrorCode } from '../../errors.js';
import {
  ANSWER_TOOL_NAME,
  AnswerToolInputSchema,
  REWRITE_TOOL_NAME,
  RewriteToolInputSchema,
  SUMMARY_TOOL_NAME,
  SummaryToolInputSchema,
  toInputSchema,
  toModelAnswer,
  type AnswerToolInput,
  type RewriteToolInput,
  type SummaryToolInput,
} from './answer-tool.js';
import {
  ANSWER_SYSTEM_PROMPT,
  REWRITE_SYSTEM_PROMPT,
  SUMMARY_SYSTEM_PROMPT,
  buildAnswerUserMessage,
  buildRewriteUserMessage,
  buildSummaryUserMessage,
  canaryInstruction,
} from './prompts.js';

/** The default model: the current Claude Sonnet (claude-sonnet-4-5 is deprecated in the SDK this package uses). */
export const DEFAULT_CLAUDE_MODEL = 'claude-sonnet-5-5';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;

export interface ClaudeConfig {
  apiKey: string;
  /** Model id; defaults to `DEFAULT_CLAUDE_MODEL`. */
  model?: string;
  /** Another endpoint speaking the Messages API (the local fake in tests). */
  baseURL?: string;
  /** Per attempt; defaults to 30 s. */
  timeoutMs?: number;
  /**
   * Retries on 408/409/429/5xx/529 and connection errors, with exponential backoff (0.5 s doubling,
   * at most 8 s, jittered) or the server's `retry-after` when it sends one. Defaults to 3.
   */
  maxRetries?: number;
  maxTokens?: number;
  /** Passed to the SDK (a pino logger fits); the SDK is silent below `warn` by default. */
  logger?: ClientOptions['logger'];
  /** Told about every Messages API call: duration, outcome and token usage. */
  onCall?: ModelCallObserver;
}

interface ToolCall<T> {
  input: T;
}

/**
 * Maps an SDK failure to an `AnswerError`, by class and status, never by message. The SDK has
 * already retried what is retryable when this runs.
 */
export function toAnswerError(error: unknown, model: string): AnswerError {
  if (error instanceof AnswerError) return error;
  // isRetryable says whether sending the request again could succeed, as on the OpenAI-compatible path.
  const retryable = { isRetryable: true };
  if (error instanceof APIUserAbortError) return new AnswerError(AnswerErrorCode.modelUpstream, 'The model call was cancelled', { model }, error);
  if (error instanceof APIConnectionTimeoutError || error instanceof RequestTimeoutError) {
    return new AnswerError(AnswerErrorCode.modelTimeout, 'The model call timed out', { model }, error, retryable);
  }
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return new AnswerError(AnswerErrorCode.modelAuth, 'The model API refused the API key', { model, status: error.status }, error);
  }
  if (error instanceof RateLimitError) {
    return new AnswerError(AnswerErrorCode.modelRateLimited, 'The model API kept rate-limiting after the retries', { model }, error, retryable);
  }
  if (error instanceof APIError) {
    const status = typeof error.status === 'number' ? error.status : null;
    if (status !== null && status >= 400 && status < 500) {
      return new AnswerError(AnswerErrorCode.modelRejected, 'The model API rejected the request', { model, status }, error);
    }
    // The statuses the SDK itself retries (5xx, 529 overloaded) and connection failures (no status).
    return new AnswerError(AnswerErrorCode.modelUpstream, 'The model API is unavailable', { model, status }, error, retryable);
  }
  return new AnswerError(AnswerErrorCode.modelUpstream, 'The model call failed', { model }, error);
}

/**
 * Claude through `@anthropic-ai/sdk`: one forced tool call per request (structured output), the
 * stable system prompt marked for prompt caching, SDK timeouts and retries.
 *
 * @example
 * const model = createClaudeAnswerModel({ apiKey: config.anthropic.apiKey, model: 'claude-sonnet-5-5' });
 */
export function createClaudeAnswerModel(config: ClaudeConfig): AnswerModel {
  const model = config.model ?? DEFAULT_CLAUDE_MODEL;
  const client = new Anthropic({
    apiKey: config.apiKey,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    maxRetries: config.maxRetries ?? DEFAULT_MAX_RETRIES,
    ...(config.logger ? { logger: config.logger } : {}),
  });
  const maxTokens = config.maxTokens ?? 2048;

  async function callTool<T>(params: {
    operation: ModelCall['operation'];
    system: string;
    /** A per-request system block after the cached one (the canary). */
    systemSuffix?: string;
    user: string;
    tool: { name: string; description: string; schema: TSchema };
    signal?: AbortSignal;
  }): Promise<ToolCall<T>> {
    let message: Anthropic.Message;
    const started = performance.now();
    const report = (outcome: ModelCall['outcome'], usage?: Anthropic.Usage) =>
      reportModelCall(config.onCall, {
        provider: 'anthropic',
        model,
        operation: params.operation,
        durationMs: performance.now() - started,
        outcome,
        inputTokens: (usage?.input_tokens ?? 0) + (usage?.cache_creation_input_tokens ?? 0) + (usage?.cache_read_input_tokens ?? 0),
        outputTokens: usage?.output_tokens ?? 0,
      });
    try {
      message = await client.messages.create(
        {
          model,
          max_tokens: maxTokens,
          system: [
            { type: 'text', text: params.system, cache_control: { type: 'ephemeral' } },
            ...(params.systemSuffix ? [{ type: 'text' as const, text: params.systemSuffix }] : []),
          ],
          tools: [{ name: params.tool.name, description: params.tool.description, input_schema: toInputSchema(params.tool.schema) }],
          tool_choice: { type: 'tool', name: params.tool.name, disable_parallel_tool_use: true },
          messages: [{ role: 'user', content: params.user }],
        },
        params.signal ? { signal: params.signal } : undefined,
      );
    } catch (error) {
      report('error');
      throw toAnswerError(error, model);
    }
    report('ok', message.usage);
    const call = message.content.find((block) => block.type === 'tool_use' && block.name === params.tool.name);
    if (!call || call.type !== 'tool_use') {
      throw new AnswerError(AnswerErrorCode.modelOutputInvalid, `The model did not call ${params.tool.name}`, {
        model,
        stopReason: message.stop_reason ?? null,
      });
    }
    const problems = schemaProblems(params.tool.schema, call.input, 5);
    if (problems.length > 0) {
      throw new AnswerError(AnswerErrorCode.modelOutputInvalid, `The ${params.tool.name} call does not match its schema`, { model, problems });
    }
    return { input: call.input as T };
  }

  return {
    name: model,
    path: 'claude',

    async answer(input: ModelAnswerInput, options?: ModelCallOptions): Promise<ModelAnswer> {
      const { input: tool } = await callTool<AnswerToolInput>({
        operation: 'answer',
        system: ANSWER_SYSTEM_PROMPT,
        ...(input.canary ? { systemSuffix: canaryInstruction(input.canary) } : {}),
        user: buildAnswerUserMessage(input),
        tool: { name: ANSWER_TOOL_NAME, description: 'Record the answer to the ticket and the decided action.', schema: AnswerToolInputSchema },
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return toModelAnswer(tool);
    },

    async rewrite(input: ModelRewriteInput, options?: ModelCallOptions): Promise<ModelRewrite> {
      const { input: tool } = await callTool<RewriteToolInput>({
        operation: 'rewrite',
        system: REWRITE_SYSTEM_PROMPT,
        user: buildRewriteUserMessage(input),
        tool: { name: REWRITE_TOOL_NAME, description: 'Record the rewritten text.', schema: RewriteToolInputSchema },
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return { text: tool.text, language: tool.language };
    },

    async summarize(input: ModelSummaryInput, options?: ModelCallOptions): Promise<string> {
      const { input: tool } = await callTool<SummaryToolInput>({
        operation: 'summarize',
        system: SUMMARY_SYSTEM_PROMPT,
        user: buildSummaryUserMessage(input),
        tool: { name: SUMMARY_TOOL_NAME, description: 'Record the summary.', schema: SummaryToolInputSchema },
        ...(options?.signal ? { signal: options.signal } : {}),
      });
      return tool.summary;
    },
  };
}
