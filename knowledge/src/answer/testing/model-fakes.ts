import type { AnswerEngineOptions } from '../answer-engine.js';
import { DEFAULT_CLAUDE_MODEL } from '../claude/claude-answer-model.js';
import { startFakeAnthropic } from './fake-anthropic.js';
import { startFakeOpenAI } from './fake-openai.js';

/**
 * One face for the fake of each model protocol, so the same end-to-end tests run against every
 * model the engine can use: script an answer, a failure or prose; read back what was sent.
 *
 * @example
 * describe.each(MODEL_FAKES)('$provider path', ({ start }) => { ... });
 */

export type ModelProvider = 'anthropic' | 'openai-compatible';

/** The failures every protocol has, whatever its status codes. */
export type ScriptedFailure = 'overloaded' | 'rate-limited' | 'bad-request';

export interface SentRequest {
  path: string;
  headers: Record<string, string>;
  system: string;
  user: string;
  receivedAt: number;
}

export interface ModelFake {
  readonly provider: ModelProvider;
  /** The `path` results of this provider carry. */
  readonly resultPath: 'claude' | 'openai';
  /** Base URL and key, as the server's configuration takes them. */
  readonly url: string;
  readonly apiKey: string;
  /** The model id results report when none is configured. */
  readonly defaultModel: string;
  /** The engine options for this fake, as `createAnswerEngine` takes them. */
  engineOptions(overrides?: { model?: string; apiKey?: string; maxRetries?: number; timeoutMs?: number }): Pick<AnswerEngineOptions, 'anthropic' | 'openaiCompatible'>;
  /** The model's structured answer (an `answer_ticket`, `rewrite_draft` or `summarize_history` object). */
  enqueueAnswer(value: unknown, latencyMs?: number): void;
  /** Text that is no structured answer. */
  enqueueProse(text: string): void;
  enqueueFailure(failure: ScriptedFailure, retryAfterSeconds?: number): void;
  requests(): SentRequest[];
  reset(): void;
  close(): Promise<void>;
}

/** The model id the OpenAI-compatible fake is configured with when a test names none. */
const OPENAI_TEST_MODEL = 'llama3.1:8b';

async function startAnthropicFake(): Promise<ModelFake> {
  const fake = await startFakeAnthropic();
  const failures: Record<ScriptedFailure, { status: number; errorType: string }> = {
    overloaded: { status: 529, errorType: 'overloaded_error' },
    'rate-limited': { status: 429, errorType: 'rate_limit_error' },
    'bad-request': { status: 400, errorType: 'invalid_request_error' },
  };
  return {
    provider: 'anthropic',
    resultPath: 'claude',
    url: fake.url,
    apiKey: fake.apiKey,
    defaultModel: DEFAULT_CLAUDE_MODEL,
    engineOptions: (overrides = {}) => ({
      anthropic: {
        apiKey: overrides.apiKey ?? fake.apiKey,
        baseURL: fake.url,
        ...(overrides.model ? { model: overrides.model } : {}),
        ...(overrides.maxRetries === undefined ? {} : { maxRetries: overrides.maxRetries }),
        ...(overrides.timeoutMs === undefined ? {} : { timeoutMs: overrides.timeoutMs }),
      },
    }),
    enqueueAnswer: (value, latencyMs) => fake.enqueue({ kind: 'tool_use', input: value, ...(latencyMs === undefined ? {} : { latencyMs }) }),
    enqueueProse: (text) => fake.enqueue({ kind: 'text', text }),
    enqueueFailure: (failure, retryAfterSeconds) => fake.enqueue({ kind: 'error', ...failures[failure], ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) }),
    requests: () =>
      fake.requests.map((request) => {
        const system = request.body?.system;
        const content = request.body?.messages[0]?.content;
        return {
          path: request.path,
          headers: request.headers,
          system: typeof system === 'string' ? system : (system ?? []).map((block) => block.text).join('\n'),
          user: typeof content === 'string' ? content : (content ?? []).map((block) => block.text ?? '').join(''),
          receivedAt: request.receivedAt,
        };
      }),
    reset: () => fake.reset(),
    close: () => fake.close(),
  };
}

async function startOpenAIFake(): Promise<ModelFake> {
  const fake = await startFakeOpenAI();
  const failures: Record<ScriptedFailure, number> = { overloaded: 503, 'rate-limited': 429, 'bad-request': 400 };
  return {
    provider: 'openai-compatible',
    resultPath: 'openai',
    url: fake.baseURL,
    apiKey: fake.apiKey,
    defaultModel: OPENAI_TEST_MODEL,
    engineOptions: (overrides = {}) => ({
      openaiCompatible: {
        baseURL: fake.baseURL,
        apiKey: overrides.apiKey ?? fake.apiKey,
        model: overrides.model ?? OPENAI_TEST_MODEL,
        // The Claude SDK's first backoff, so both paths wait alike between attempts.
        retryBaseMs: 500,
        ...(overrides.maxRetries === undefined ? {} : { maxRetries: overrides.maxRetries }),
        ...(overrides.timeoutMs === undefined ? {} : { timeoutMs: overrides.timeoutMs }),
      },
    }),
    enqueueAnswer: (value, latencyMs) => fake.enqueue({ kind: 'json', value, ...(latencyMs === undefined ? {} : { latencyMs }) }),
    enqueueProse: (text) => fake.enqueue({ kind: 'text', text }),
    enqueueFailure: (failure, retryAfterSeconds) => fake.enqueue({ kind: 'error', status: failures[failure], ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) }),
    requests: () =>
      fake.requests.map((request) => ({
        path: request.path,
        headers: request.headers,
        system: request.body?.messages.find((message) => message.role === 'system')?.content ?? '',
        user: request.body?.messages.findLast((message) => message.role === 'user')?.content ?? '',
        receivedAt: request.receivedAt,
      })),
    reset: () => fake.reset(),
    close: () => fake.close(),
  };
}

/** Every model protocol's fake, for `describe.each`. */
export const MODEL_FAKES: ReadonlyArray<{ provider: ModelProvider; start: () => Promise<ModelFake> }> = [
  { provider: 'anthropic', start: startAnthropicFake },
  { provider: 'openai-compatible', start: startOpenAIFake },
];
