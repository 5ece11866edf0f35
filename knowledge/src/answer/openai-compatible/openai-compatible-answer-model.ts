import { reportModelCall, type AnswerModel, type ModelAnswer, type ModelAnswerInput, type ModelCall, type ModelCallObserver, type ModelCallOptions, type ModelRewrite, type ModelRewriteInput, type ModelSummaryInput } from '../answer-model.js';
import {
  ANSWER_TOOL_NAME,
  AnswerToolInputSchema,
  REWRITE_TOOL_NAME,
  RewriteToolInputSchema,
  SUMMARY_TOOL_NAME,
  SummaryToolInputSchema,
  toModelAnswer,
  type AnswerToolInput,
  type RewriteToolInput,
  type SummaryToolInput,
} from '../claude/answer-tool.js';
import { answerSystemPrompt, buildAnswerUserMessage, canaryInstruction, buildRewriteUserMessage, buildSummaryUserMessage, rewriteSystemPrompt, summarySystemPrompt } from '../claude/prompts.js';
import { AnswerErrorCode, isAnswerError } from '../../errors.js';
import { DEFAULT_CHAT_HTTP, postChatCompletion, type ChatHttpOptions } from './chat-completions-http.js';
import { readStructuredContent, responseFormat, schemaInstruction, type OutputFormat, type StructuredOutputMode } from './structured-output.js';

export const DEFAULT_OPENAI_COMPATIBLE_TIMEOUT_MS = 60_000;

/** One kind of request: its fixed system prompt and the schema its answer must match. */
interface Task {
  system: string;
  format: OutputFormat;
}

const ANSWER_TASK: Task = { system: answerSystemPrompt('json'), format: { name: ANSWER_TOOL_NAME, schema: AnswerToolInputSchema } };
const REWRITE_TASK: Task = { system: rewriteSystemPrompt('json'), format: { name: REWRITE_TOOL_NAME, schema: RewriteToolInputSchema } };
const SUMMARY_TASK: Task = { system: summarySystemPrompt('json'), format: { name: SUMMARY_TOOL_NAME, schema: SummaryToolInputSchema } };

export interface OpenAICompatibleConfig {
  /** Up to and including `/v1`: `http://localhost:11434/v1` (Ollama), `http://localhost:8000/v1` (vLLM), `http://localhost:8080/v1` (llama.cpp). */
  baseURL: string;
  /** The model id the server knows, e.g. `llama3.1:8b` or `Qwen/Qwen2.5-7B-Instruct`. */
  model: string;
  /** Sent as `Authorization: Bearer …`; omit for servers without auth. */
  apiKey?: string;
  /** Per attempt; defaults to 60 s (local models on CPU are slow to start). */
  timeoutMs?: number;
  /** Retries on 429, 500/502/503, timeouts and refused connections. Defaults to 3. */
  maxRetries?: number;
  maxTokens?: number;
  /**
   * Start with `json_schema` (the default) or go straight to `json_object` for servers known not
   * to take a schema. A 400 to `json_schema` switches this model to `json_object` for good.
   */
  structuredOutput?: StructuredOutputMode;
  /** Test seams: the first backoff (ms), the transport and the wait between attempts. */
  retryBaseMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told about every chat-completions call: duration, outcome and token usage. */
  onCall?: ModelCallObserver;
}

/** `usage` of a chat-completions body; servers that report none count as 0. */
function usageOf(body: unknown): { inputTokens: number; outputTokens: number } {
  const usage = (body as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null)?.usage;
  const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);
  return { inputTokens: count(usage?.prompt_tokens), outputTokens: count(usage?.completion_tokens) };
}

/**
 * An `AnswerModel` for any OpenAI-compatible chat-completions endpoint: Ollama, vLLM, llama.cpp's
 * llama-server, LM Studio, or OpenAI itself. It sends the same prompts and validates against the
 * same schemas as the Claude model, so redaction, citation checks and guardrails (all in the
 * engine) apply unchanged.
 *
 * @example
 * const model = createOpenAICompatibleAnswerModel({ baseURL: 'http://localhost:11434/v1', model: 'llama3.1:8b' });
 * const engine = createAnswerEngine({ model });
 */
export function createOpenAICompatibleAnswerModel(config: OpenAICompatibleConfig): AnswerModel {
  const http: ChatHttpOptions = {
    baseURL: config.baseURL,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    model: config.model,
    timeoutMs: config.timeoutMs ?? DEFAULT_OPENAI_COMPATIBLE_TIMEOUT_MS,
    maxRetries: config.maxRetries ?? 3,
    retryBaseMs: config.retryBaseMs ?? DEFAULT_CHAT_HTTP.retryBaseMs,
    maxRetryAfterMs: DEFAULT_CHAT_HTTP.maxRetryAfterMs,
    fetch: config.fetch ?? DEFAULT_CHAT_HTTP.fetch,
    sleep: config.sleep ?? DEFAULT_CHAT_HTTP.sleep,
  };
  const maxTokens = config.maxTokens ?? 2048;
  // Shared by every call of this model: once the server has refused a schema, it will again.
  let mode: StructuredOutputMode = config.structuredOutput ?? 'json_schema';

  async function complete<T>(operation: ModelCall['operation'], { system, format }: Task, user: string, signal?: AbortSignal, systemSuffix?: string): Promise<T> {
    // The per-request canary goes after the stable instructions, as on the Claude path.
    const instructions = systemSuffix ? `${system}\n\n${systemSuffix}` : system;
    const send = (asked: StructuredOutputMode) =>
      postChatCompletion(
        {
          model: config.model,
          messages: [
            { role: 'system', content: asked === 'json_object' ? instructions + schemaInstruction(format) : instructions },
            { role: 'user', content: user },
          ],
          max_tokens: maxTokens,
          stream: false,
          response_format: responseFormat(asked, format),
        },
        http,
        signal,
      );
    let body: unknown;
    const started = performance.now();
    const report = (outcome: ModelCall['outcome'], answered?: unknown) =>
      reportModelCall(config.onCall, { provider: 'openai-compatible', model: config.model, operation, durationMs: performance.now() - started, outcome, ...usageOf(answered) });
    try {
      try {
        body = await send(mode);
      } catch (error) {
        // Only a 400 to the schema request itself means "no json_schema here"; auth, 404 or 422 do not.
        if (mode !== 'json_schema' || !isAnswerError(error, AnswerErrorCode.modelRejected) || error.details.status !== 400) throw error;
        mode = 'json_object';
        body = await send(mode);
      }
    } catch (error) {
      report('error');
      throw error;
    }
    report('ok', body);
    return readStructuredContent<T>(body, format, config.model);
  }

  return {
    name: config.model,
    path: 'openai',

    async answer(input: ModelAnswerInput, options?: ModelCallOptions): Promise<ModelAnswer> {
      const canary = input.canary ? canaryInstruction(input.canary) : undefined;
      return toModelAnswer(await complete<AnswerToolInput>('answer', ANSWER_TASK, buildAnswerUserMessage(input, 'json'), options?.signal, canary));
    },

    async rewrite(input: ModelRewriteInput, options?: ModelCallOptions): Promise<ModelRewrite> {
      const tool = await complete<RewriteToolInput>('rewrite', REWRITE_TASK, buildRewriteUserMessage(input, 'json'), options?.signal);
      return { text: tool.text, language: tool.language };
    },

    async summarize(input: ModelSummaryInput, options?: ModelCallOptions): Promise<string> {
      return (await complete<SummaryToolInput>('summarize', SUMMARY_TASK, buildSummaryUserMessage(input, 'json'), options?.signal)).summary;
    },
  };
}
