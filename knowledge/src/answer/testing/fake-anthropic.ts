import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createScript, listenLocal, pause, receive, tokens, type ReceivedRequest, type ScriptedFake } from './fake-http.js';

/**
 * A local stand-in for the Anthropic Messages API (`POST /v1/messages`), speaking its wire format
 * so the real `@anthropic-ai/sdk` can be pointed at it with `baseURL`. It serves scripted
 * responses and errors from a queue, then a default responder that builds a plausible tool call,
 * waits a fixed latency before each answer, and logs every request it received.
 *
 * @example
 * const fake = await startFakeAnthropic({ latencyMs: 300 });
 * fake.enqueue({ kind: 'error', status: 529, errorType: 'overloaded_error' });
 * const engine = createAnswerEngine({ anthropic: { apiKey: fake.apiKey, baseURL: fake.url } });
 * ...
 * await fake.close();
 */

/** One request as received. */
export type FakeAnthropicRequest = ReceivedRequest<MessagesRequestBody>;

/** The request fields the fake reads. */
export interface MessagesRequestBody {
  model: string;
  max_tokens: number;
  system?: string | Array<{ type: 'text'; text: string; cache_control?: { type: string } }>;
  messages: Array<{ role: 'user' | 'assistant'; content: string | Array<{ type: string; text?: string }> }>;
  tools?: Array<{ name: string; description?: string; input_schema: unknown }>;
  tool_choice?: { type: string; name?: string };
}

/** A scripted answer. */
export type FakeResponse =
  /** A tool call with this input (the tool is the one `tool_choice` forces unless `name` says otherwise). */
  | { kind: 'tool_use'; input: unknown; name?: string; latencyMs?: number }
  /** A plain text answer without a tool call (malformed for a forced tool). */
  | { kind: 'text'; text: string; latencyMs?: number }
  /** An API error: `{type:'error', error:{type, message}}` with the status and an optional `retry-after` (seconds). */
  | { kind: 'error'; status: number; errorType: string; message?: string; retryAfterSeconds?: number; latencyMs?: number }
  /** Anything else, byte for byte. */
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string>; latencyMs?: number };

export type FakeResponder = (request: FakeAnthropicRequest) => FakeResponse;

export interface FakeAnthropicOptions {
  /** Fixed delay before every answer (benchmarks use 300). Default 0. */
  latencyMs?: number;
  /** The only key accepted; default `test-key`. */
  apiKey?: string;
  /** Replaces the default responder for requests with no scripted response queued. */
  responder?: FakeResponder;
  /** Port on 127.0.0.1; default 0 (any free port). */
  port?: number;
}

export interface FakeAnthropic extends ScriptedFake<FakeAnthropicRequest, FakeResponse> {
  /** Base URL for the SDK (`http://127.0.0.1:<port>`). */
  readonly url: string;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

/** Undoes the prompt builder's escaping. */
export function unescapeData(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/** The text of the last user message. */
export function userText(body: MessagesRequestBody | undefined): string {
  const last = body?.messages?.[body.messages.length - 1];
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content.map((block) => block.text ?? '').join('\n');
}

/** The unescaped content of the first `<name>` element of `text`. */
export function element(text: string, name: string): string | undefined {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(text);
  return match?.[1] === undefined ? undefined : unescapeData(match[1]);
}

/**
 * A plausible structured answer to a prompt of this package: `answer_ticket` replies with the first
 * sentence of the first source and cites it (or escalates when there is none), `rewrite_draft`
 * transforms the draft visibly, `summarize_history` restates the contacts. Shared by the fakes of
 * both model protocols, so both paths see the same model behaviour.
 */
export function plausibleToolInput(text: string, tool: string): unknown {
  const contacts = (element(text, 'contacts') ?? '').split('\n').filter((line) => line.trim() && !line.startsWith('('));
  const summary =
    contacts.length > 0
      ? `The customer contacted us ${contacts.length === 1 ? 'once' : `${contacts.length} times`}: ${contacts.map((line) => `by ${line}`).join('; ')}.`
      : 'The customer has no earlier contact on record.';
  if (tool === 'rewrite_draft') {
    const draft = element(text, 'draft') ?? '';
    const style = /style="([^"]+)"/.exec(text)?.[1];
    const target = /target_language="([^"]+)"/.exec(text)?.[1];
    if (style === 'translate') return { text: `[${target}] ${draft}`, language: target ?? 'en' };
    if (style === 'shorter') return { text: draft.split(/(?<=[.!?])\s+/)[0] ?? draft, language: 'en' };
    return { text: `${style === 'friendlier' ? 'Hi!' : 'Dear customer,'} ${draft}`, language: 'en' };
  }
  if (tool === 'summarize_history') return { summary };
  const source = /<source id="([^"]+)"[^>]*>\n?([\s\S]*?)\n?<\/source>/.exec(text);
  const language = /detected_language="([^"]+)"/.exec(text)?.[1] ?? 'en';
  if (!source) {
    return { action: 'escalate', reply_text: '', language, citations: [], confidence: 0.1, summary, escalation: { reason: 'No source answers this question.' } };
  }
  const content = unescapeData(source[2] ?? '').replace(/^#+\s.*$/gm, '').replace(/\s+/g, ' ').trim();
  const firstSentence = /^.*?[.!?](?=\s|$)/.exec(content)?.[0] ?? content.slice(0, 200);
  return { action: 'reply', reply_text: firstSentence, language, citations: [unescapeData(source[1] ?? '')], confidence: 0.86, summary };
}

/** The default answers: the forced tool called with `plausibleToolInput`. */
export const defaultResponder: FakeResponder = (request) => {
  const tool = request.body?.tool_choice?.name ?? request.body?.tools?.[0]?.name ?? 'answer_ticket';
  return { kind: 'tool_use', name: tool, input: plausibleToolInput(userText(request.body), tool) };
};

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomUUID().replace(/-/g, '')}`, ...headers });
  response.end(JSON.stringify(body));
}

function sendError(response: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { type: 'error', error: { type, message } }, headers);
}

/** Starts the fake on 127.0.0.1. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const apiKey = options.apiKey ?? 'test-key';
  const responder = options.responder ?? defaultResponder;
  // Prompt caching as the API reports it: the first request with a cached prefix writes it, later ones read it.
  const cachedPrefixes = new Set<string>();
  const script = createScript<FakeAnthropicRequest, FakeResponse>(options.latencyMs ?? 0, () => cachedPrefixes.clear());

  const server = await listenLocal(
    async (request, response) => {
      const { raw, received } = await receive<MessagesRequestBody>(request);
      const { headers, body } = received;
      script.requests.push(received);

      if (received.method !== 'POST' || received.path !== '/v1/messages') return sendError(response, 404, 'not_found_error', `No route ${received.method} ${received.path}`);
      // Older SDKs send `x-api-key`; @anthropic-ai/sdk 1.x sends the key as `authorization: Bearer`.
      const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1];
      if (headers['x-api-key'] !== apiKey && bearer !== apiKey) return sendError(response, 401, 'authentication_error', 'invalid x-api-key');
      if (!headers['anthropic-version']) return sendError(response, 400, 'invalid_request_error', 'anthropic-version header is required');
      if (!body || typeof body.model !== 'string' || typeof body.max_tokens !== 'number' || !Array.isArray(body.messages)) {
        return sendError(response, 400, 'invalid_request_error', 'model, max_tokens and messages are required');
      }

      const scripted = script.next() ?? responder(received);
      await pause(scripted.latencyMs ?? script.latency());

      switch (scripted.kind) {
        case 'error': {
          const extra: Record<string, string> = scripted.retryAfterSeconds === undefined ? {} : { 'retry-after': String(scripted.retryAfterSeconds) };
          return sendError(response, scripted.status, scripted.errorType || ERROR_TYPES[scripted.status] || 'api_error', scripted.message ?? 'Scripted error', extra);
        }
        case 'raw':
          response.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
          return response.end(scripted.body);
        case 'text':
        case 'tool_use': {
          const system = Array.isArray(body.system) ? body.system : body.system ? [{ type: 'text' as const, text: body.system }] : [];
          const cachedUpTo = system.reduce((last, block, index) => (block.cache_control ? index : last), -1);
          const prefix = cachedUpTo >= 0 ? JSON.stringify([body.tools ?? [], system.slice(0, cachedUpTo + 1)]) : undefined;
          const prefixTokens = prefix ? tokens(prefix) : 0;
          const isHit = prefix !== undefined && cachedPrefixes.has(prefix);
          if (prefix) cachedPrefixes.add(prefix);
          const inputTokens = tokens(raw) - prefixTokens;
          const content =
            scripted.kind === 'text'
              ? [{ type: 'text', text: scripted.text }]
              : [{ type: 'tool_use', id: `toolu_${randomUUID().replace(/-/g, '').slice(0, 24)}`, name: scripted.name ?? body.tool_choice?.name ?? 'answer_ticket', input: scripted.input }];
          const output = JSON.stringify(content);
          return sendJson(response, 200, {
            id: `msg_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
            type: 'message',
            role: 'assistant',
            model: body.model,
            content,
            stop_reason: scripted.kind === 'text' ? 'end_turn' : 'tool_use',
            stop_sequence: null,
            usage: {
              input_tokens: Math.max(1, inputTokens),
              output_tokens: tokens(output),
              cache_creation_input_tokens: prefix && !isHit ? prefixTokens : 0,
              cache_read_input_tokens: isHit ? prefixTokens : 0,
            },
          });
        }
      }
    },
    (response, error) => sendError(response, 500, 'api_error', error instanceof Error ? error.message : 'fake failure'),
    options.port,
  );

  return { url: server.url, apiKey, ...script.controls, close: server.close };
}
