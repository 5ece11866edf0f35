import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeAnthropic, type FakeAnthropic } from './fake-anthropic.js';

let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
  fake.setLatency(0);
});

const system = [{ type: 'text', text: 'You answer tickets.', cache_control: { type: 'ephemeral' } }];
const tools = [{ name: 'answer_ticket', input_schema: { type: 'object' } }];

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${fake.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': fake.apiKey, 'anthropic-version': '2023-06-01', ...headers },
    body: JSON.stringify(body),
  });
}

function request(user: string) {
  return { model: 'claude-x', max_tokens: 100, system, tools, tool_choice: { type: 'tool', name: 'answer_ticket' }, messages: [{ role: 'user', content: user }] };
}

describe('fake Anthropic Messages API', () => {
  it('answers with a tool_use message citing the first source, and reports prompt-cache writes then reads', async () => {
    const first = await post(request('<sources>\n<source id="kb-7" title="T" url="">\n# Title\nReturns take 30 days. More text.\n</source>\n</sources>'));
    expect(first.status).toBe(200);
    const message = (await first.json()) as Record<string, unknown> & { content: Array<Record<string, unknown>>; usage: Record<string, number> };
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-x', stop_reason: 'tool_use' });
    expect(message.content[0]).toMatchObject({ type: 'tool_use', name: 'answer_ticket', input: { action: 'reply', citations: ['kb-7'], reply_text: 'Returns take 30 days.' } });
    expect(String(message.content[0]?.id)).toMatch(/^toolu_/);
    expect(message.usage.cache_creation_input_tokens).toBeGreaterThan(0);
    expect(message.usage.cache_read_input_tokens).toBe(0);

    const second = (await (await post(request('no sources here'))).json()) as { content: Array<{ input: Record<string, unknown> }>; usage: Record<string, number> };
    expect(second.usage.cache_read_input_tokens).toBe(message.usage.cache_creation_input_tokens);
    expect(second.usage.cache_creation_input_tokens).toBe(0);
    expect(second.content[0]?.input).toMatchObject({ action: 'escalate', citations: [] });
  });

  it('serves scripted errors in the API error format with retry-after', async () => {
    fake.enqueue({ kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded', retryAfterSeconds: 2 });
    const response = await post(request('hi'));
    expect(response.status).toBe(529);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(await response.json()).toEqual({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    // The queue is consumed: the next request gets the default answer.
    expect((await post(request('hi'))).status).toBe(200);
  });

  it('checks the key, the version header and the body, and logs every request', async () => {
    expect((await post(request('hi'), { 'x-api-key': 'nope' })).status).toBe(401);
    expect((await post(request('hi'), { authorization: `Bearer ${fake.apiKey}`, 'x-api-key': '' })).status).toBe(200);
    expect((await post({ model: 'claude-x' })).status).toBe(400);
    expect((await fetch(`${fake.url}/v1/complete`, { method: 'POST' })).status).toBe(404);
    expect(fake.requests.map((logged) => logged.path)).toEqual(['/v1/messages', '/v1/messages', '/v1/messages', '/v1/complete']);
    expect(fake.requests[0]?.body?.model).toBe('claude-x');
  });

  it('waits the configured latency before answering', async () => {
    fake.setLatency(300);
    const started = performance.now();
    await post(request('hi'));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });
});
