import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { plausibleToolInput } from './fake-anthropic.js';
import { createScript, listenLocal, pause, receive, tokens, type ReceivedRequest, type ScriptedFake } from './fake-http.js';

/**
 * A local stand-in for an OpenAI-compatible chat-completions server (`POST /v1/chat/completions`),
 * speaking the wire format of https://platform.openai.com/docs/api-reference/chat/create as Ollama,
 * vLLM and llama.cpp's llama-server do: bearer auth, `choices[0].message.content`, `usage`, errors
 * as `{"error":{"message","type","param","code"}}`, 429 with `retry-after`. It serves scripted
 * answers from a queue, then a default that fills the requested schema plausibly, and logs every
 * request. `rejectsJsonSchema` makes it behave like a server without `json_schema` support.
 *
 * @example
 * const fake = await startFakeOpenAI();
 * fake.enqueue({ kind: 'error', status: 429, retryAfterSeconds: 1 });
 * const engine = createAnswerEngine({ openaiCompatible: { baseURL: fake.baseURL, apiKey: fake.apiKey, model: 'llama3.1:8b' } });
 * ...
 * await fake.close();
 */

/** The request fields the fake reads. */
export interface ChatCompletionsRequestBody {
  model: string;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  max_tokens?: number;
  stream?: boolean;
  response_format?: { type: 'text' | 'json_object' | 'json_schema'; json_schema?: { name?: string; strict?: boolean; schema?: unknown } };
}

export type FakeOpenAIRequest = ReceivedRequest<ChatCompletionsRequestBody>;

/** A scripted answer. */
export type FakeOpenAIResponse =
  /** `content` is this value as JSON. */
  | { kind: 'json'; value: unknown; latencyMs?: number }
  /** `content` is this text as is (prose, broken JSON…); `finishReason` defaults to `stop`. */
  | { kind: 'text'; text: string; finishReason?: 'stop' | 'length'; latencyMs?: number }
  /** An error body with this status; `retry-after` (seconds) and `retry-after-ms` when given. */
  | { kind: 'error'; status: number; errorType?: string; code?: string; message?: string; retryAfterSeconds?: number; retryAfterMs?: number; latencyMs?: number };

export type FakeOpenAIResponder = (request: FakeOpenAIRequest) => FakeOpenAIResponse;

export interface FakeOpenAIOptions {
  /** The only key accepted; default `test-key`. `null`: no auth, as a local Ollama. */
  apiKey?: string | null;
  /** Answer 400 to `response_format.type: json_schema`, as older Ollama and llama.cpp builds do. */
  rejectsJsonSchema?: boolean;
  responder?: FakeOpenAIResponder;
  latencyMs?: number;
  port?: number;
}

export interface FakeOpenAI extends ScriptedFake<FakeOpenAIRequest, FakeOpenAIResponse> {
  /** Base URL up to `/v1`, what a client is configured with. */
  readonly baseURL: string;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'invalid_request_error',
  404: 'invalid_request_error',
  429: 'rate_limit_exceeded',
  500: 'server_error',
  502: 'server_error',
  503: 'server_error',
};

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': `req_${randomUUID().replace(/-/g, '')}`, ...headers });
  response.end(JSON.stringify(body));
}

interface ErrorFields {
  message: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

function sendError(response: ServerResponse, status: number, fields: ErrorFields, headers: Record<string, string> = {}): void {
  const error = { message: fields.message, type: fields.type ?? ERROR_TYPES[status] ?? 'server_error', param: fields.param ?? null, code: fields.code ?? null };
  sendJson(response, status, { error }, headers);
}

/** Which of this package's schemas the request asks for: the json_schema name, or the prompt's closing line in JSON mode. */
function requestedFormat(body: ChatCompletionsRequestBody): string {
  const named = body.response_format?.json_schema?.name;
  if (named) return named;
  const user = body.messages.findLast((message) => message.role === 'user')?.content ?? '';
  return /Answer with the (\w+) JSON object/.exec(user)?.[1] ?? 'answer_ticket';
}

/** The default answer: the requested schema filled from the prompt, as `plausibleToolInput` does for the Claude fake. */
export const defaultOpenAIResponder: FakeOpenAIResponder = (request) => {
  const body = request.body as ChatCompletionsRequestBody;
  const user = body.messages.findLast((message) => message.role === 'user')?.content ?? '';
  return { kind: 'json', value: plausibleToolInput(user, requestedFormat(body)) };
};

/** Why OpenAI would answer 400 to this body, or undefined when it is well-formed. */
function badRequest(body: ChatCompletionsRequestBody | undefined, rejectsJsonSchema: boolean): ErrorFields | undefined {
  if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
    return { message: 'model and a non-empty messages array are required', param: 'messages' };
  }
  const format = body.response_format;
  if (format?.type === 'json_schema') {
    if (rejectsJsonSchema) return { message: "response_format type 'json_schema' is not supported", param: 'response_format' };
    if (!format.json_schema?.name || !/^[a-zA-Z0-9_-]{1,64}$/.test(format.json_schema.name) || typeof format.json_schema.schema !== 'object') {
      return { message: 'json_schema needs a name and a schema', param: 'response_format.json_schema' };
    }
  }
  // OpenAI's JSON mode requirement, so a client that forgets it fails here as it would there.
  if (format?.type === 'json_object' && !body.messages.some((message) => /json/i.test(message.content))) {
    return { message: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.", param: 'messages' };
  }
  return undefined;
}

/** Starts the fake on 127.0.0.1. */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const apiKey = options.apiKey === undefined ? 'test-key' : options.apiKey;
  const responder = options.responder ?? defaultOpenAIResponder;
  const script = createScript<FakeOpenAIRequest, FakeOpenAIResponse>(options.latencyMs ?? 0);

  const server = await listenLocal(
    async (request, response) => {
      const { raw, received } = await receive<ChatCompletionsRequestBody>(request);
      script.requests.push(received);
      if (received.method !== 'POST' || received.path !== '/v1/chat/completions') {
        return sendError(response, 404, { message: `Unknown request URL: ${received.method} ${received.path}`, code: 'unknown_url' });
      }
      const bearer = /^Bearer\s+(.+)$/i.exec(received.headers.authorization ?? '')?.[1];
      if (apiKey !== null && bearer !== apiKey) {
        return sendError(response, 401, { message: 'Incorrect API key provided.', code: 'invalid_api_key' });
      }
      const problem = badRequest(received.body, options.rejectsJsonSchema ?? false);
      if (problem) return sendError(response, 400, problem);
      const body = received.body as ChatCompletionsRequestBody;

      const scripted = script.next() ?? responder(received);
      await pause(scripted.latencyMs ?? script.latency());
      if (scripted.kind === 'error') {
        const headers: Record<string, string> = {
          ...(scripted.retryAfterSeconds === undefined ? {} : { 'retry-after': String(scripted.retryAfterSeconds) }),
          ...(scripted.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(scripted.retryAfterMs) }),
        };
        return sendError(response, scripted.status, { message: scripted.message ?? 'Scripted error', ...(scripted.errorType ? { type: scripted.errorType } : {}), ...(scripted.code ? { code: scripted.code } : {}) }, headers);
      }
      const content = scripted.kind === 'json' ? JSON.stringify(scripted.value) : scripted.text;
      const promptTokens = tokens(raw);
      const completionTokens = tokens(content);
      return sendJson(response, 200, {
        id: `chatcmpl-${randomUUID().replace(/-/g, '').slice(0, 24)}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: scripted.kind === 'text' ? (scripted.finishReason ?? 'stop') : 'stop' }],
        usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
      });
    },
    (response, error) => sendError(response, 500, { message: error instanceof Error ? error.message : 'fake failure' }),
    options.port,
  );

  return { baseURL: `${server.url}/v1`, apiKey: apiKey ?? '', ...script.controls, close: server.close };
}
