import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseZendeskError } from '../src/errors.js';
import { startSandbox, type ZendeskSandbox } from '../src/sandbox/index.js';

/**
 * The sandbox's error answers next to the lines of "Requests"
 * (developer.zendesk.com/api-reference/introduction/requests) they follow, and what our error
 * reader makes of each.
 */

let sandbox: ZendeskSandbox;
let authorization: string;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimitPerMinute: null });
  authorization = `Basic ${Buffer.from(`${sandbox.credentials.email}/token:${sandbox.credentials.apiToken}`).toString('base64')}`;
});
afterAll(() => sandbox.close());

async function send(path: string, init: { method?: string; body?: string } = {}) {
  const response = await fetch(`${sandbox.apiBaseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization, accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: init.body,
  });
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

describe('Zendesk error answers', () => {
  it('answers a body that is not JSON with a plain-text 400', async () => {
    // "You may get a text/plain response in case of an error like a bad request"; "400 range: … The
    // content type of the response may be text/plain for API-level error messages".
    const answer = await send(`/tickets/${sandbox.ids.ticket('jane-email')}.json`, { method: 'PUT', body: '{"ticket": {"status": "open"' });
    expect(answer.status).toBe(400);
    expect(answer.type).toMatch(/^text\/plain/);
    expect(answer.text).not.toBe('');
    // Our reader keeps the text as the message rather than failing on it.
    expect(parseZendeskError(400, answer.text, answer.text)).toEqual({ message: answer.text });
  });

  it('keeps JSON bodies for business-level errors such as a missing record', async () => {
    // "The content type is application/json for business-level error messages because the response
    // includes a JSON object with information about the error".
    const answer = await send('/tickets/999999999.json');
    expect(answer.status).toBe(404);
    expect(answer.type).toMatch(/^application\/json/);
    expect(JSON.parse(answer.text)).toEqual({ error: 'RecordNotFound', description: 'Not found' });
    expect(parseZendeskError(404, JSON.parse(answer.text), answer.text)).toEqual({ message: 'RecordNotFound: Not found' });
  });

  it('reads an empty body under a JSON Content-Type as no body', async () => {
    // node-zendesk sends `Content-Type: application/json` on every request, DELETE included.
    const answer = await send(`/tickets/${sandbox.ids.ticket('jane-email')}/tags.json`, { method: 'DELETE', body: '' });
    expect(answer.status).toBe(200);
  });
});
