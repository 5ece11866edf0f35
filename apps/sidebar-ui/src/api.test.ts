import { describe, expect, it } from 'vitest';
import { createSidebarApi, describeError, sharedFailure, SidebarApiError } from './api.js';
import { jsonResponse, type BridgeRequestInit, type HostBridge } from './host-bridge.js';

function fakeBridge(answer: (path: string, init?: BridgeRequestInit) => ReturnType<HostBridge['request']>): HostBridge & { calls: Array<[string, BridgeRequestInit | undefined]> } {
  const calls: Array<[string, BridgeRequestInit | undefined]> = [];
  return {
    hostName: 'Zendesk',
    calls,
    getTicket: async () => ({ id: '1' }),
    request: (path, init) => {
      calls.push([path, init]);
      return answer(path, init);
    },
    insertIntoEditor: async () => {},
    notify: () => {},
  };
}

describe('createSidebarApi', () => {
  it('calls the sidebar endpoints with the ticket ref, newest-first timeline and an idempotency key on escalation', async () => {
    const bridge = fakeBridge(async () => jsonResponse(200, {}));
    const api = createSidebarApi(bridge);
    await api.timeline('35546', { cursor: 'abc' });
    await api.escalate('35546', { reason: 'needs a person', priority: 'high' }, 'key-1');
    await api.feedback('answer-1', 'used');
    expect(bridge.calls).toEqual([
      ['/v1/tickets/35546/timeline?order=desc&limit=20&cursor=abc', undefined],
      ['/v1/tickets/35546/escalate', { method: 'POST', body: { reason: 'needs a person', priority: 'high' }, headers: { 'Idempotency-Key': 'key-1' } }],
      ['/v1/answers/answer-1/feedback', { method: 'POST', body: { verdict: 'used' } }],
    ]);
  });

  it("turns an error answer into a SidebarApiError with the server's code and message", async () => {
    const api = createSidebarApi(fakeBridge(async () => jsonResponse(401, { code: 'SERVER_UNAUTHORIZED', message: 'The token has expired' })));
    const error = await api.summary('1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SidebarApiError);
    expect(error).toMatchObject({ status: 401, code: 'SERVER_UNAUTHORIZED', message: 'The token has expired' });
  });

  it('turns a host that could not call at all into HOST_REQUEST_FAILED', async () => {
    const api = createSidebarApi(fakeBridge(async () => Promise.reject(new Error('proxy down'))));
    await expect(api.customer('1')).rejects.toMatchObject({ status: 0, code: 'HOST_REQUEST_FAILED' });
  });
});

describe('describeError', () => {
  it('tells the agent what to do, by status', () => {
    expect(describeError(new SidebarApiError({ status: 0, code: 'HOST_REQUEST_FAILED', message: 'x' }), 'Zendesk')).toMatch(/service URL setting in Zendesk/);
    expect(describeError(new SidebarApiError({ status: 401, code: 'SERVER_UNAUTHORIZED', message: 'bad token' }), 'Freshdesk')).toMatch(/shared secret settings in Freshdesk/);
    expect(describeError(new SidebarApiError({ status: 502, code: 'ZENDESK_UNAVAILABLE', message: 'x' }), 'Zendesk')).toMatch(/Retry in a moment/);
  });

  it("never shows the helpdesk's own error text", () => {
    const raw = 'Validation failed: group_id There is no group matching the given group_id; try again shortly';
    for (const [status, code] of [[422, 'SERVER_WRITEBACK_REFUSED'], [422, 'SERVER_HANDOFF_REFUSED'], [404, 'ZENDESK_NOT_FOUND'], [502, 'FRESHDESK_UNAVAILABLE'], [400, 'SERVER_VALIDATION_FAILED']] as const) {
      const text = describeError(new SidebarApiError({ status, code, message: raw }), 'Freshdesk');
      expect(text).not.toContain('Validation failed');
      expect(text).not.toContain('group_id');
    }
    expect(describeError(new SidebarApiError({ status: 422, code: 'SERVER_HANDOFF_REFUSED', message: raw }), 'Freshdesk')).toMatch(/Freshdesk did not accept the change/);
  });
});

describe('sharedFailure', () => {
  const down = () => new SidebarApiError({ status: 502, code: 'ZENDESK_UNAVAILABLE', message: 'Zendesk answered 503' });
  it('finds the one failure several sections share, so it is shown once', () => {
    const failure = sharedFailure([down(), null, down(), down()]);
    expect(failure).toMatchObject({ status: 502, code: 'ZENDESK_UNAVAILABLE' });
  });

  it('finds none when a single section failed or the failures differ', () => {
    expect(sharedFailure([down(), null, null])).toBeNull();
    expect(sharedFailure([down(), new SidebarApiError({ status: 404, code: 'TICKET_NOT_FOUND', message: 'x' })])).toBeNull();
  });
});

describe('the API client, for the sidebar actions added around the answer', () => {
  it('sends a thumbs-down with its reason, asks for the groups and hands off with an idempotency key', async () => {
    const bridge = fakeBridge(async (path) => jsonResponse(path === '/v1/groups' ? 200 : 201, path === '/v1/groups' ? { groups: [{ id: '7', name: 'Escalations' }] } : {}));
    const api = createSidebarApi(bridge);
    await api.feedback('answer-1', 'unhelpful', { reason: 'Wrong article' });
    expect(await api.groups()).toEqual([{ id: '7', name: 'Escalations' }]);
    await api.handoff('35546', { channel: 'voice' }, 'key-2');
    expect(bridge.calls).toEqual([
      ['/v1/answers/answer-1/feedback', { method: 'POST', body: { verdict: 'unhelpful', reason: 'Wrong article' } }],
      ['/v1/groups', undefined],
      ['/v1/tickets/35546/handoff', { method: 'POST', body: { channel: 'voice' }, headers: { 'Idempotency-Key': 'key-2' } }],
    ]);
  });
});
