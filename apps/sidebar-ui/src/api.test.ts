import { describe, expect, it } from 'vitest';
import { createSidebarApi, describeError, SidebarApiError } from './api.js';
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
    const api = createSidebarApi(fakeBridge(async () => jsonResponse(401, { code: 'UNAUTHORIZED', message: 'The token has expired' })));
    const error = await api.summary('1').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SidebarApiError);
    expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', message: 'The token has expired' });
  });

  it('turns a host that could not call at all into HOST_REQUEST_FAILED', async () => {
    const api = createSidebarApi(fakeBridge(async () => Promise.reject(new Error('proxy down'))));
    await expect(api.customer('1')).rejects.toMatchObject({ status: 0, code: 'HOST_REQUEST_FAILED' });
  });
});

describe('describeError', () => {
  it('tells the agent what to do, by status', () => {
    expect(describeError(new SidebarApiError({ status: 0, code: 'HOST_REQUEST_FAILED', message: 'x' }), 'Zendesk')).toMatch(/service URL setting in Zendesk/);
    expect(describeError(new SidebarApiError({ status: 401, code: 'UNAUTHORIZED', message: 'bad token' }), 'Freshdesk')).toMatch(/shared secret settings in Freshdesk/);
    expect(describeError(new SidebarApiError({ status: 502, code: 'ZENDESK_UNAVAILABLE', message: 'x' }), 'Zendesk')).toMatch(/Retry in a moment/);
  });
});
