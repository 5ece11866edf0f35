import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFreshdeskError } from '../src/errors.js';
import { startSandbox, type FreshdeskSandbox } from '../src/sandbox/index.js';

/**
 * The error answers of the API itself, not of one endpoint. Quotes are from the Freshdesk API
 * reference (developers.freshdesk.com/api, "Error"), whose status table reads the same in the
 * support article "Status codes and its reasons" (support.freshdesk.com, article 225440).
 */

let sandbox: FreshdeskSandbox;
let authorization: string;

beforeAll(async () => {
  sandbox = await startSandbox({ rateLimitPerMinute: null });
  authorization = `Basic ${Buffer.from(`${sandbox.credentials.apiKey}:X`).toString('base64')}`;
});
afterAll(() => sandbox.close());

async function send(path: string, init: { method?: string; body?: string; contentType?: string } = {}) {
  const response = await fetch(`${sandbox.apiBaseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization, ...(init.contentType === undefined ? {} : { 'content-type': init.contentType }) },
    body: init.body,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

describe('Freshdesk error answers', () => {
  it('answers a body that is not JSON with 400 invalid_json', async () => {
    // "400 Client or Validation Error: The request body/query string is not in the correct format";
    // error codes table: "invalid_json — Request body has invalid json format".
    const answer = await send(`/tickets/${sandbox.ids.ticket('jane-email')}`, { method: 'PUT', contentType: 'application/json', body: '{"status": 4,' });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ description: 'Validation failed', errors: [{ field: '', message: 'Request body has invalid json format', code: 'invalid_json' }] });
    expect(parseFreshdeskError(400, answer.json, answer.text).fieldErrors).toEqual([{ field: '', message: 'Request body has invalid json format', code: 'invalid_json' }]);
  });

  it('answers a body sent as anything but JSON with 415', async () => {
    // "415 Unsupported Content-type: Content type application/xml is not supported. Only
    // application/json is supported."
    const answer = await send('/tickets', { method: 'POST', contentType: 'application/xml', body: '<ticket/>' });
    expect(answer.status).toBe(415);
    expect(answer.json).toEqual({ code: 'invalid_content_type', message: 'Content-Type header should have application/json' });
    expect(parseFreshdeskError(415, answer.json, answer.text).message).toBe('Content-Type header should have application/json (invalid_content_type)');
  });

  it('treats an empty body under a JSON Content-Type as no body', async () => {
    // Clients (freshdesk-api among them) send `Content-Type: application/json` on every request.
    const answer = await send(`/tickets/${sandbox.ids.ticket('jane-email')}`, { contentType: 'application/json' });
    expect(answer.status).toBe(200);
  });

  it('answers an unknown resource with an empty 404', async () => {
    // "404 Requested Resource not Found: This status code is returned when the request contains
    // invalid ID/Freshdesk domain in the URL or an invalid URL itself."
    for (const path of ['/tickets/999999999', '/no_such_resource', '/tickets/1/no_such_part']) {
      const answer = await send(path);
      expect([path, answer.status, answer.text]).toEqual([path, 404, '']);
    }
    expect(parseFreshdeskError(404, undefined, '').message).toBe('Not Found');
  });

  it('answers a verb the path does not take with 405 and Allow', async () => {
    // "405 Method not allowed: This API request used the wrong HTTP verb/method. For example an API
    // PUT request on /api/v2/tickets endpoint will return a HTTP 405 as /api/v2/tickets allows only
    // GET and POST requests."
    const answer = await send('/tickets', { method: 'PUT', contentType: 'application/json', body: '{}' });
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, POST');
    expect(answer.json).toMatchObject({ code: 'method_not_allowed' });
    expect(parseFreshdeskError(405, answer.json, answer.text).message).toContain('(method_not_allowed)');
  });
});
