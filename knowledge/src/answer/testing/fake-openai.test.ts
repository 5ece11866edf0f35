import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from './fake-openai.js';

let fake: FakeOpenAI;

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

function post(body: unknown, key = fake.apiKey): Promise<Response> {
  return fetch(`${fake.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}

const user = '<sources>\n<source id="kb-7" title="T" url="">\n# Title\nReturns take 30 days. More text.\n</source>\n</sources>\nAnswer with the answer_ticket JSON object with your answer.';
const schemaFormat = { type: 'json_schema', json_schema: { name: 'answer_ticket', strict: true, schema: { type: 'object' } } };

describe('fake OpenAI-compatible chat completions', () => {
  it('answers a chat.completion whose content is the requested object, with usage', async () => {
    const response = await post({ model: 'llama3.1:8b', messages: [{ role: 'user', content: user }], response_format: schemaFormat });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; model: string; choices: Array<{ message: { role: string; content: string }; finish_reason: string }>; usage: Record<string, number> };
    expect(body).toMatchObject({ object: 'chat.completion', model: 'llama3.1:8b' });
    expect(body.choices[0]).toMatchObject({ message: { role: 'assistant' }, finish_reason: 'stop' });
    expect(JSON.parse(body.choices[0]!.message.content)).toMatchObject({ action: 'reply', citations: ['kb-7'], reply_text: 'Returns take 30 days.' });
    expect(body.usage.total_tokens).toBe((body.usage.prompt_tokens ?? 0) + (body.usage.completion_tokens ?? 0));
  });

  it('refuses a wrong key with 401 and the OpenAI error body', async () => {
    const response = await post({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }, 'wrong');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: 'invalid_api_key' } });
  });

  it('sends retry-after and retry-after-ms with a scripted 429', async () => {
    fake.enqueue({ kind: 'error', status: 429, retryAfterSeconds: 2, retryAfterMs: 1500 });
    const response = await post({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('retry-after-ms')).toBe('1500');
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe('rate_limit_exceeded');
  });

  it('answers 400 to json_schema when told to, and requires the word JSON in JSON mode', async () => {
    const strict = await startFakeOpenAI({ rejectsJsonSchema: true });
    try {
      const refused = await fetch(`${strict.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${strict.apiKey}` },
        body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: user }], response_format: schemaFormat }),
      });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { error: { param: string } }).error.param).toBe('response_format');
    } finally {
      await strict.close();
    }
    const noJsonWord = await post({ model: 'm', messages: [{ role: 'user', content: 'hello' }], response_format: { type: 'json_object' } });
    expect(noJsonWord.status).toBe(400);
  });
});
