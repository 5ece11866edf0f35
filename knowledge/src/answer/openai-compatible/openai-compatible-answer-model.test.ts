import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnswerToolInputSchema, toInputSchema } from '../claude/answer-tool.js';
import { isAnswerError } from '../../errors.js';
import type { ModelAnswerInput } from '../answer-model.js';
import { startFakeOpenAI, type FakeOpenAI } from '../testing/fake-openai.js';
import { FIXTURE_PASSAGES } from '../testing/fixtures.js';
import { createOpenAICompatibleAnswerModel, type OpenAICompatibleConfig } from './openai-compatible-answer-model.js';

let fake: FakeOpenAI;
/** The waits the model asked for between attempts; none is actually spent. */
let waits: number[];

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  waits = [];
});

function model(overrides: Partial<OpenAICompatibleConfig> = {}) {
  return createOpenAICompatibleAnswerModel({
    baseURL: fake.baseURL,
    apiKey: fake.apiKey,
    model: 'llama3.1:8b',
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
}

const input: ModelAnswerInput = {
  channel: 'email',
  shape: 'letter',
  subject: 'Return',
  latestMessage: 'How do I return my tent?',
  detectedLanguage: 'en',
  contacts: ['email, 7 days ago (2026-11-29): “Late parcel”, 1 customer message'],
  history: [],
  omittedHistory: 0,
  passages: FIXTURE_PASSAGES.slice(0, 1),
  policy: { mode: 'draft', confidenceThreshold: 0.8, blockedTopicNames: [] },
};

const answer = { action: 'draft', reply_text: 'Open Orders and select Return items.', language: 'en', citations: ['kb-returns-1'], confidence: 0.8, summary: 'One email last week.' };

describe('OpenAI-compatible answer model against the fake chat-completions server', () => {
  it('asks for the answer schema as a strict json_schema and reads the answer from choices[0].message.content', async () => {
    fake.enqueue({ kind: 'json', value: answer });
    const result = await model().answer(input);
    expect(result).toEqual({ action: 'draft', replyText: answer.reply_text, language: 'en', citationIds: ['kb-returns-1'], confidence: 0.8, summary: answer.summary });
    const sent = fake.requests[0]!;
    expect(sent.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(sent.body?.model).toBe('llama3.1:8b');
    expect(sent.body?.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'answer_ticket', strict: true, schema: toInputSchema(AnswerToolInputSchema) } });
    expect(sent.body?.messages.map((message) => message.role)).toEqual(['system', 'user']);
    expect(sent.body?.messages[0]?.content).toContain('exactly one JSON object that follows the answer_ticket schema');
    expect(sent.body?.messages[1]?.content).toContain('<source id="kb-returns-1"');
  });

  it('falls back to json_object with the schema in the prompt when the server answers 400 to json_schema, and stays there', async () => {
    const old = await startFakeOpenAI({ rejectsJsonSchema: true });
    try {
      const fallback = model({ baseURL: old.baseURL, apiKey: old.apiKey });
      const result = await fallback.answer(input);
      expect(result.citationIds).toEqual(['kb-returns-1']);
      expect(old.requests.map((request) => request.body?.response_format?.type)).toEqual(['json_schema', 'json_object']);
      expect(old.requests[1]?.body?.messages[0]?.content).toContain(JSON.stringify(toInputSchema(AnswerToolInputSchema)));
      // The next call knows the server by now.
      await fallback.summarize({ contacts: ['chat, yesterday'], history: [], omittedHistory: 0 });
      expect(old.requests[2]?.body?.response_format?.type).toBe('json_object');
    } finally {
      await old.close();
    }
  });

  it('waits as long as a 429 asks (retry-after-ms before retry-after), then succeeds', async () => {
    fake.enqueue({ kind: 'error', status: 429, retryAfterSeconds: 2 }, { kind: 'error', status: 429, retryAfterSeconds: 9, retryAfterMs: 1234 }, { kind: 'json', value: answer });
    const result = await model().answer(input);
    expect(result.action).toBe('draft');
    expect(fake.requests).toHaveLength(3);
    expect(waits).toEqual([2000, 1234]);
  });

  it('retries 500, 502 and 503 with backoff, but not a 501', async () => {
    fake.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 502 }, { kind: 'error', status: 503 }, { kind: 'json', value: answer });
    await expect(model({ retryBaseMs: 100 }).answer(input)).resolves.toMatchObject({ action: 'draft' });
    expect(waits).toEqual([100, 200, 400]);

    fake.reset();
    fake.enqueue({ kind: 'error', status: 501 });
    const failure = await model().answer(input).catch((error: unknown) => error);
    expect(isAnswerError(failure, 'KNOWLEDGE_ANSWER_MODEL_UPSTREAM') && !failure.isRetryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it('gives up as rate-limited after the retries, keeping the error type and code', async () => {
    const limited = { kind: 'error' as const, status: 429, code: 'rate_limit_exceeded', retryAfterSeconds: 1 };
    fake.enqueue(limited, limited);
    const failure = await model({ maxRetries: 1 }).answer(input).catch((error: unknown) => error);
    expect(isAnswerError(failure, 'KNOWLEDGE_ANSWER_MODEL_RATE_LIMITED')).toBe(true);
    expect(isAnswerError(failure) && failure.isRetryable).toBe(true);
    expect(isAnswerError(failure) && failure.details).toMatchObject({ status: 429, type: 'rate_limit_exceeded', code: 'rate_limit_exceeded' });
    expect(fake.requests).toHaveLength(2);
  });

  it('reports a refused key as KNOWLEDGE_ANSWER_MODEL_AUTH at once, naming the variable to check', async () => {
    const failure = await model({ apiKey: 'wrong' }).answer(input).catch((error: unknown) => error);
    expect(isAnswerError(failure, 'KNOWLEDGE_ANSWER_MODEL_AUTH')).toBe(true);
    expect(isAnswerError(failure) && failure.isRetryable).toBe(false);
    expect((failure as Error).message).toContain('ANSWER_MODEL_API_KEY');
    expect(isAnswerError(failure) && failure.details).toMatchObject({ status: 401, code: 'invalid_api_key' });
    expect(fake.requests).toHaveLength(1);
  });

  it('treats prose, broken JSON, a cut-off answer or the wrong shape as invalid output, without retrying', async () => {
    const cases = [
      { kind: 'text' as const, text: 'Sure! You can return it within 30 days.' },
      { kind: 'text' as const, text: '{"action": "draft", "reply_text": "Open Ord' },
      { kind: 'text' as const, text: JSON.stringify(answer), finishReason: 'length' as const },
      { kind: 'json' as const, value: { action: 'maybe', reply_text: 42 } },
    ];
    for (const scripted of cases) {
      fake.reset();
      fake.enqueue(scripted);
      const failure = await model().answer(input).catch((error: unknown) => error);
      expect(isAnswerError(failure, 'KNOWLEDGE_ANSWER_MODEL_OUTPUT_INVALID')).toBe(true);
      expect(fake.requests).toHaveLength(1);
    }
  });

  it('accepts an object wrapped in a Markdown fence after a <think> block', async () => {
    fake.enqueue({ kind: 'text', text: `<think>The source covers returns.</think>\n\`\`\`json\n${JSON.stringify(answer)}\n\`\`\`` });
    await expect(model().answer(input)).resolves.toMatchObject({ action: 'draft', citationIds: ['kb-returns-1'] });
  });

  it('times out a slow server and retries, then reports KNOWLEDGE_ANSWER_MODEL_TIMEOUT', async () => {
    fake.enqueue({ kind: 'json', value: answer, latencyMs: 1000 }, { kind: 'json', value: answer, latencyMs: 1000 });
    const failure = await model({ timeoutMs: 100, maxRetries: 1 }).answer(input).catch((error: unknown) => error);
    expect(isAnswerError(failure, 'KNOWLEDGE_ANSWER_MODEL_TIMEOUT')).toBe(true);
    // One wait, so one retry. (The fake's log is no witness: an attempt cut off before its body
    // arrived is never logged.)
    expect(waits).toHaveLength(1);
  });

  it('retries a server that is not listening, then reports it unreachable', async () => {
    const gone = await startFakeOpenAI();
    await gone.close();
    const failure = await model({ baseURL: gone.baseURL, maxRetries: 2 }).answer(input).catch((error: unknown) => error);
    expect(isAnswerError(failure, 'KNOWLEDGE_ANSWER_MODEL_UPSTREAM')).toBe(true);
    expect(waits).toHaveLength(2);
  });

  it('sends no authorization header when no key is configured', async () => {
    const open = await startFakeOpenAI({ apiKey: null });
    try {
      await createOpenAICompatibleAnswerModel({ baseURL: open.baseURL, model: 'qwen2.5' }).rewrite({ text: 'Hi there. Thanks.', style: 'shorter' });
      expect(open.requests[0]?.headers.authorization).toBeUndefined();
      expect(open.requests[0]?.body?.response_format?.json_schema?.name).toBe('rewrite_draft');
    } finally {
      await open.close();
    }
  });
});
