import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../answer-engine.js';
import { startFakeAnthropic, type FakeAnthropic, type MessagesRequestBody } from '../testing/fake-anthropic.js';
import { FIXTURE_NOW, fixtureRequest } from '../testing/fixtures.js';

let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  fake.reset();
});

function engine(model?: string) {
  return createAnswerEngine({ now: () => FIXTURE_NOW, anthropic: { apiKey: fake.apiKey, baseURL: fake.url, ...(model ? { model } : {}) } });
}

function userContent(body: MessagesRequestBody | undefined): string {
  const content = body?.messages[0]?.content;
  return typeof content === 'string' ? content : (content ?? []).map((block) => block.text ?? '').join('');
}

// What only the Claude path does: the Messages API's forced tool and prompt caching, and the SDK's
// retry bookkeeping. Everything the engine does with any model runs in ../model-path.test.ts.
describe('Claude path through the real SDK against the fake Messages API', () => {
  it('sends the Messages API wire format with a forced tool, the configured model and a cached system prompt', async () => {
    await engine('claude-haiku-5-5').answer(fixtureRequest());
    await engine('claude-haiku-5-5').answer(fixtureRequest({ channel: 'sms', latestMessage: 'How long does express shipping take?' }));
    expect(fake.requests).toHaveLength(2);
    const [first, second] = fake.requests;
    expect(first?.path).toBe('/v1/messages');
    expect(first?.headers['anthropic-version']).toBeTruthy();
    expect(first?.headers.authorization ?? first?.headers['x-api-key']).toContain(fake.apiKey);
    expect(first?.body?.model).toBe('claude-haiku-5-5');
    expect(first?.body?.tool_choice).toMatchObject({ type: 'tool', name: 'answer_ticket' });
    expect(first?.body?.tools?.map((tool) => tool.name)).toEqual(['answer_ticket']);
    const system = first?.body?.system;
    expect(Array.isArray(system) && system[0]?.cache_control).toEqual({ type: 'ephemeral' });
    // The cached prefix (tools + system) is byte-identical across tickets, so the second call reads the cache.
    expect(JSON.stringify([second?.body?.tools, second?.body?.system])).toBe(JSON.stringify([first?.body?.tools, first?.body?.system]));
    expect(userContent(second?.body)).not.toBe(userContent(first?.body));
  });

  it('retries a 529 overloaded answer through the SDK, counting the retry in its header', async () => {
    fake.enqueue({ kind: 'error', status: 529, errorType: 'overloaded_error', message: 'Overloaded' });
    const result = await engine().answer(fixtureRequest());
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1]?.headers['x-stainless-retry-count']).toBe('1');
    expect(result).toMatchObject({ path: 'claude', action: 'reply' });
  });
});
