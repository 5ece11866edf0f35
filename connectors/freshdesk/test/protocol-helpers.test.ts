import { searchQueries } from '../src/freshdesk-connector.js';
import { describe, expect, it } from 'vitest';
import { isConnectorError } from '@threadline/connector-core';
import { parseFreshdeskError } from '../src/errors.js';
import { parseTicketFields } from '../src/mappers.js';
import type { HttpClient } from '@threadline/connector-core/http';
import { collectPages, nextPageUrl, sameOriginUrl } from '../src/pagination.js';
import { createTicketMemo } from '../src/ticket-memo.js';
import { messageBody, numericId, statusCode, textToHtml, ticketUpdateBody } from '../src/ticket-writes.js';
import type { FdTicket } from '../src/wire-types.js';

describe('parseFreshdeskError', () => {
  it('reads the validation shape with its field errors', () => {
    const body = { description: 'Validation failed', errors: [{ field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' }] };
    expect(parseFreshdeskError(400, body, JSON.stringify(body))).toEqual({
      message: 'Validation failed (group_id: There is no group matching the given group_id)',
      fieldErrors: [{ field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' }],
    });
  });

  it('reads the flat shape', () => {
    const body = { code: 'invalid_credentials', message: 'You have to be logged in to perform this action.' };
    expect(parseFreshdeskError(401, body, '')).toEqual({ message: 'You have to be logged in to perform this action. (invalid_credentials)' });
    expect(parseFreshdeskError(409, { code: 'duplicate_value', message: 'Email already exists' }, '').fieldErrors).toEqual([{ field: '', message: 'Email already exists', code: 'duplicate_value' }]);
  });

  it('falls back to the text, then to the status', () => {
    expect(parseFreshdeskError(502, '<html>Bad gateway</html>', '<html>Bad gateway</html>').message).toBe('<html>Bad gateway</html>');
    expect(parseFreshdeskError(404, '', '').message).toBe('Not Found');
    expect(parseFreshdeskError(418, '', '').message).toBe('HTTP 418');
  });
});

describe('Link pagination', () => {
  it('finds rel="next" and nothing else', () => {
    expect(nextPageUrl('<https://d.freshdesk.com/api/v2/tickets?page=2>; rel="next"')).toBe('https://d.freshdesk.com/api/v2/tickets?page=2');
    expect(nextPageUrl('<https://d/a?page=1>; rel="prev", <https://d/a?page=3>; rel=next')).toBe('https://d/a?page=3');
    expect(nextPageUrl('<https://d/a?page=1>; rel="prev"')).toBeNull();
    expect(nextPageUrl(null)).toBeNull();
  });

  it('keeps next-page URLs on the API origin', () => {
    expect(sameOriginUrl('https://evil.example/api/v2/tickets?page=2', 'https://acme.freshdesk.com/api/v2')).toBe('https://acme.freshdesk.com/api/v2/tickets?page=2');
    expect(sameOriginUrl('/api/v2/tickets?page=2', 'http://127.0.0.1:9/api/v2')).toBe('http://127.0.0.1:9/api/v2/tickets?page=2');
  });
});

describe('writes', () => {
  it('escapes text into paragraphs and appends the idempotency marker only when asked', () => {
    expect(textToHtml('a < b\nc\n\nd')).toBe('<p>a &lt; b<br>c</p><p>d</p>');
    expect(messageBody({ bodyText: 'Hi', idempotencyKey: 'k1' }, { withMarker: true })).toBe('<p>Hi</p><p>[threadline:k1]</p>');
    expect(messageBody({ bodyText: 'Hi', bodyHtml: '<b>Hi</b>', idempotencyKey: 'k1' }, { withMarker: false })).toBe('<b>Hi</b>');
  });

  it('builds update bodies: codes, ids as integers, tag replace and union', () => {
    const fields = parseTicketFields([]);
    expect(ticketUpdateBody({ status: 'solved', priority: 'urgent', groupId: '43', assigneeId: null, addTags: ['b'] }, fields, ['a', 'b'])).toEqual({ status: 4, priority: 4, group_id: 43, responder_id: null, tags: ['a', 'b'] });
    expect(ticketUpdateBody({ tags: ['x'], addTags: ['y'] }, fields, ['a'])).toEqual({ tags: ['x', 'y'] });
    expect(ticketUpdateBody({ status: 'new' }, fields, undefined)).toEqual({ status: 2 });
  });

  it('sends on_hold to a hold-like custom status when the account has one, else Pending', () => {
    const withHold = { sourceLabels: new Map(), statusLabels: new Map([[2, 'Open'], [7, 'Waiting on Third Party']]) };
    expect(statusCode('on_hold', withHold)).toBe(7);
    expect(statusCode('on_hold', parseTicketFields([]))).toBe(3);
  });

  it('rejects ids that are not Freshdesk ids before any request', () => {
    const failure = (() => {
      try {
        return numericId('abc', 'group_id');
      } catch (error) {
        return error;
      }
    })();
    expect(isConnectorError(failure, 'validation')).toBe(true);
    expect(numericId('43000005001', 'group_id')).toBe(43000005001);
  });
});

describe('ticket memo', () => {
  it('keeps tickets with a description until they expire, oldest evicted first', () => {
    let now = 0;
    const memo = createTicketMemo({ ttlMs: 1000, maxEntries: 2, now: () => now });
    const ticket = (id: number, description?: string) => ({ id, description }) as FdTicket;
    memo.put(ticket(1, 'a'));
    memo.put(ticket(2));
    expect(memo.get(1)?.description).toBe('a');
    expect(memo.get(2)).toBeUndefined();
    memo.put(ticket(3, 'c'));
    memo.put(ticket(4, 'd'));
    expect(memo.get(1)).toBeUndefined();
    now = 1000;
    expect(memo.get(4)).toBeUndefined();
    const off = createTicketMemo({ ttlMs: 0 });
    off.put(ticket(1, 'a'));
    expect(off.get(1)).toBeUndefined();
  });
});

describe('collectPages', () => {
  const fakeClient = (pages: number): HttpClient => ({
    stats: { requests: 0, retries: 0, rateLimited: 0, credits: 0 },
    async request<T>(_method: string, pathOrUrl: string) {
      const page = Number(new URL(pathOrUrl, 'https://acme.freshdesk.com/api/v2/').searchParams.get('page') ?? '1');
      const headers = new Headers(page < pages ? { link: `<https://acme.freshdesk.com/api/v2/things?page=${page + 1}>; rel="next"` } : {});
      return { status: 200, headers, body: [page] as T };
    },
  });

  it('follows next links to the last page', async () => {
    expect(await collectPages(fakeClient(4), 'https://acme.freshdesk.com/api/v2', '/things')).toEqual([1, 2, 3, 4]);
  });

  it('reports a list longer than 300 pages instead of truncating it', async () => {
    const failure = await collectPages(fakeClient(400), 'https://acme.freshdesk.com/api/v2', '/things').catch((error: unknown) => error);
    expect(isConnectorError(failure, 'protocol')).toBe(true);
  });
});

describe('searchQueries', () => {
  it('ORs clauses into quoted queries of at most 512 characters, keeping every clause once', () => {
    const clauses = Array.from({ length: 40 }, (_, index) => `phone:'+1 (415) 555-${String(index).padStart(4, '0')}'`);
    const queries = searchQueries(clauses);
    expect(queries.length).toBeGreaterThan(1);
    for (const query of queries) {
      expect(query.length).toBeLessThanOrEqual(512);
      expect(query).toMatch(/^".*"$/);
    }
    expect(queries.flatMap((query) => query.slice(1, -1).split(' OR '))).toEqual(clauses);
    expect(searchQueries([])).toEqual([]);
  });
});
