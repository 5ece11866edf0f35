import type { BridgeRequestInit, BridgeResponse, HostBridge, HostTicket, NotifyKind } from '../host-bridge.js';
import { jsonResponse, parseBody } from '../host-bridge.js';

/** What `client.request.invokeTemplate` resolves (and rejects with, for non-2xx): `response` is a string. */
export interface FdkTemplateResponse {
  status: number;
  headers?: Record<string, string>;
  response: string;
}

/** The parts of the Freshworks front-end client (platform 3.0) the sidebar uses. */
export interface FdkClient {
  data: { get(name: string): Promise<Record<string, unknown>> };
  interface: { trigger(action: string, options: Record<string, unknown>): Promise<unknown> };
  request: {
    invoke(method: string, options: Record<string, unknown>): Promise<{ response?: unknown }>;
    invokeTemplate(name: string, options: { context: Record<string, string>; body?: string }): Promise<FdkTemplateResponse>;
  };
  events: { on(event: string, callback: (event: unknown) => void): void };
}

export interface FdkApp {
  initialized(): Promise<FdkClient>;
}

/** One sidebar API call as a request template of `config/requests.json`. */
export interface FdkRoute {
  template: string;
  method: 'GET' | 'POST';
  /** Matches the path without its query; groups become `context` keys, in order. */
  pattern: RegExp;
  params: string[];
  /** Query parameters that go into `context` (the template puts them back into the URL). */
  query?: string[];
  /** Request headers that go into `context`, by header name → context key. */
  headers?: Record<string, string>;
}

/**
 * Every path the UI calls, mapped to its template. A test checks each has a template in
 * config/requests.json and a manifest entry under modules.common.requests.
 */
export const FDK_ROUTES: readonly FdkRoute[] = [
  { template: 'threadlineCustomer', method: 'GET', pattern: /^\/v1\/tickets\/([^/]+)\/customer$/, params: ['ticket_id'] },
  { template: 'threadlineTimeline', method: 'GET', pattern: /^\/v1\/tickets\/([^/]+)\/timeline$/, params: ['ticket_id'], query: ['limit'] },
  { template: 'threadlineTimelinePage', method: 'GET', pattern: /^\/v1\/tickets\/([^/]+)\/timeline$/, params: ['ticket_id'], query: ['limit', 'cursor'] },
  { template: 'threadlineSummary', method: 'GET', pattern: /^\/v1\/tickets\/([^/]+)\/summary$/, params: ['ticket_id'] },
  { template: 'threadlineSuggest', method: 'POST', pattern: /^\/v1\/tickets\/([^/]+)\/suggest$/, params: ['ticket_id'] },
  { template: 'threadlineRewrite', method: 'POST', pattern: /^\/v1\/tickets\/([^/]+)\/rewrite$/, params: ['ticket_id'] },
  { template: 'threadlineEscalate', method: 'POST', pattern: /^\/v1\/tickets\/([^/]+)\/escalate$/, params: ['ticket_id'], headers: { 'Idempotency-Key': 'idempotency_key' } },
  { template: 'threadlineFeedback', method: 'POST', pattern: /^\/v1\/answers\/([^/]+)\/feedback$/, params: ['answer_id'] },
  { template: 'threadlineAsk', method: 'POST', pattern: /^\/v1\/kb\/ask$/, params: [] },
  { template: 'threadlineGroups', method: 'GET', pattern: /^\/v1\/groups$/, params: [] },
  { template: 'threadlineHandoff', method: 'POST', pattern: /^\/v1\/tickets\/([^/]+)\/handoff$/, params: ['ticket_id'], headers: { 'Idempotency-Key': 'idempotency_key' } },
];

/** The serverless method (server/server.js) that signs the sidebar token with the secure iparam. */
export const FDK_MINT_TOKEN = 'mintToken';

/** Picks the template for a call and builds its context (without the token). */
export function routeFor(path: string, method: 'GET' | 'POST', headers: Record<string, string> = {}): { template: string; context: Record<string, string> } {
  const url = new URL(path, 'https://threadline.invalid');
  const query = url.searchParams;
  const candidates = FDK_ROUTES.filter((route) => route.method === method && route.pattern.test(url.pathname));
  // The most specific template whose query keys are all present (cursor → the paging template).
  const route = candidates
    .filter((candidate) => (candidate.query ?? []).every((key) => query.has(key)))
    .sort((a, b) => (b.query?.length ?? 0) - (a.query?.length ?? 0))[0];
  if (!route) throw new Error(`no request template for ${method} ${url.pathname}`);
  const match = route.pattern.exec(url.pathname)!;
  const context: Record<string, string> = {};
  route.params.forEach((name, index) => {
    context[name] = decodeURIComponent(match[index + 1] ?? '');
  });
  for (const key of route.query ?? []) context[key] = query.get(key) ?? '';
  for (const [header, key] of Object.entries(route.headers ?? {})) {
    const value = Object.entries(headers).find(([name]) => name.toLowerCase() === header.toLowerCase())?.[1];
    context[key] = value ?? `${Date.now()}`;
  }
  return { template: route.template, context };
}

function isTemplateResponse(value: unknown): value is FdkTemplateResponse {
  return !!value && typeof value === 'object' && typeof (value as FdkTemplateResponse).status === 'number' && (value as FdkTemplateResponse).status > 0;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined;
}

async function waitForApp(timeoutMs: number): Promise<FdkApp> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const candidate = (globalThis as { app?: FdkApp }).app;
    if (candidate && typeof candidate.initialized === 'function') return candidate;
    if (Date.now() > deadline) throw new Error('this page is not running inside Freshdesk (the Freshworks app client did not load)');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The sidebar inside Freshdesk (FDK platform 3.0, ticket_sidebar). Calls go through request
 * templates (config/requests.json); the token comes from the `mintToken` serverless method,
 * which signs it with the secure `shared_secret` iparam the browser never sees.
 *
 * @example
 * const bridge = await createFdkBridge({ app: window.app });
 */
export async function createFdkBridge(options: { app?: FdkApp; waitMs?: number } = {}): Promise<HostBridge> {
  const fdkApp = options.app ?? (await waitForApp(options.waitMs ?? 10_000));
  const client = await fdkApp.initialized();
  let token: { value: string; expiresAt: number } | null = null;

  async function agent(): Promise<{ id?: string; name?: string; email?: string }> {
    try {
      const { loggedInUser } = (await client.data.get('loggedInUser')) as { loggedInUser?: { id?: unknown; contact?: { name?: unknown; email?: unknown }; name?: unknown; email?: unknown } };
      const id = text(loggedInUser?.id);
      const name = text(loggedInUser?.contact?.name ?? loggedInUser?.name);
      const email = text(loggedInUser?.contact?.email ?? loggedInUser?.email);
      return { ...(id ? { id } : {}), ...(name ? { name } : {}), ...(email ? { email } : {}) };
    } catch {
      return {};
    }
  }

  async function currentToken(force = false): Promise<string> {
    if (!force && token && token.expiresAt - Date.now() > 60_000) return token.value;
    const result = await client.request.invoke(FDK_MINT_TOKEN, { agent: await agent() });
    const minted = (result.response ?? {}) as { token?: unknown; expiresAt?: unknown };
    if (typeof minted.token !== 'string') throw new Error('the app could not sign a Threadline token; check the app settings (tenant and shared secret)');
    token = { value: minted.token, expiresAt: typeof minted.expiresAt === 'number' ? minted.expiresAt * 1000 : Date.now() + 5 * 60_000 };
    return token.value;
  }

  async function invoke(template: string, context: Record<string, string>, body: string | undefined): Promise<BridgeResponse> {
    try {
      const response = await client.request.invokeTemplate(template, { context, ...(body !== undefined ? { body } : {}) });
      return jsonResponse(response.status, parseBody(response.response));
    } catch (failure) {
      // Non-2xx answers reject with the same { status, response } shape.
      if (isTemplateResponse(failure)) return jsonResponse(failure.status, parseBody(failure.response));
      throw failure instanceof Error ? failure : new Error(`the request template ${template} failed`);
    }
  }

  async function readTicket(): Promise<HostTicket> {
    const { ticket } = (await client.data.get('ticket')) as { ticket?: { id?: unknown; subject?: unknown } };
    const id = text(ticket?.id);
    if (!id) throw new Error('no ticket is open');
    let requester: HostTicket['requester'];
    try {
      const { contact } = (await client.data.get('contact')) as { contact?: { name?: unknown; email?: unknown } };
      if (contact) requester = { ...(text(contact.name) ? { name: text(contact.name) } : {}), ...(text(contact.email) ? { email: text(contact.email) } : {}) };
    } catch {
      requester = undefined;
    }
    return { id, ...(text(ticket?.subject) ? { subject: text(ticket?.subject) } : {}), ...(requester ? { requester } : {}) };
  }

  return {
    hostName: 'Freshdesk',
    getTicket: readTicket,
    async request(path: string, init: BridgeRequestInit = {}): Promise<BridgeResponse> {
      const { template, context } = routeFor(path, init.method ?? 'GET', init.headers);
      const body = init.body !== undefined ? JSON.stringify(init.body) : undefined;
      const response = await invoke(template, { ...context, token: await currentToken() }, body);
      if (response.status !== 401) return response;
      // The cached token may have expired server-side: sign a fresh one once.
      return invoke(template, { ...context, token: await currentToken(true) }, body);
    },
    async insertIntoEditor(textToInsert: string): Promise<void> {
      try {
        await client.interface.trigger('setValue', { id: 'editor', text: textToInsert, replace: false, position: 'end' });
      } catch {
        // setValue needs an open editor; opening the reply editor with the text always works.
        await client.interface.trigger('click', { id: 'reply', text: textToInsert });
      }
    },
    notify(kind: NotifyKind, message: string): void {
      client.interface.trigger('showNotify', { type: kind === 'error' ? 'danger' : kind, message }).catch(() => {});
    },
    onTicketChanged(callback: (ticket: HostTicket) => void): void {
      client.events.on('app.activated', () => {
        readTicket().then(callback, () => {});
      });
    },
  };
}
