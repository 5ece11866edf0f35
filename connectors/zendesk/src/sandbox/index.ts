import Fastify, { type FastifyInstance } from 'fastify';
import type { WebhookRequest } from '@threadline/connector-core';
import { createDemoDataset, type DemoDataset } from '@threadline/connector-core/demo';
import { installFaults, installJsonBodies, INVALID_JSON_BODY_CODE, type FaultInjector } from '@threadline/connector-core/sandbox';
import type { ZendeskAuth } from '../options.js';
import { installAccess, type SandboxCredentials } from './access.js';
import { notFound, numericId, recordInvalid, sendError, sendUnparseableBody } from './protocol.js';
import { createZendeskRateLimits, sendRateLimited, ZENDESK_PLAN_LIMITS, type ZendeskPlan } from './rate-limits.js';
import { registerControlRoutes } from './routes-control.js';
import { registerHelpCenterRoutes } from './routes-help-center.js';
import { registerPageRoutes } from './routes-pages.js';
import { registerSyncRoutes } from './routes-sync.js';
import { registerTicketEventRoutes } from './routes-ticket-events.js';
import { registerTicketRoutes } from './routes-tickets.js';
import { registerUserRoutes } from './routes-users.js';
import { seedState } from './seed.js';
import { sandboxError, type SandboxState } from './state.js';
import { postWebhook, ulid, webhookDelivery, type SandboxWebhookEvent, type WebhookDeliveryOptions } from './webhooks.js';

export type { SandboxState, SandboxMerge } from './state.js';
export type { SandboxCredentials } from './access.js';
export { RATE_LIMIT_BODY, ZENDESK_PLAN_LIMITS, INCREMENTAL_EXPORTS_PER_MINUTE, TICKET_UPDATES_PER_MINUTE, TICKET_UPDATES_PER_USER_TICKET } from './rate-limits.js';
export type { ZendeskPlan } from './rate-limits.js';
export type { SandboxWebhookEvent, WebhookDeliveryOptions } from './webhooks.js';
export { metricSetOf, recordStatusChange } from './ticket-metrics.js';

export interface ZendeskSandboxOptions {
  /** The world to serve; default `createDemoDataset()`. */
  dataset?: DemoDataset;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Added to every API request (not to `/__sandbox`), e.g. 50 to act like a distant helpdesk. */
  latencyMs?: number;
  /** The webhook signing secret. */
  webhookSecret?: string;
  credentials?: Partial<SandboxCredentials>;
  /** The account's plan, which sets its requests per minute (see `ZENDESK_PLAN_LIMITS`). Default `suite-enterprise` (700). */
  plan?: ZendeskPlan;
  /**
   * Overrides the plan's requests per minute; null turns every limit off (account and endpoints),
   * for tests and benchmarks that need an unlimited helpdesk.
   */
  rateLimitPerMinute?: number | null;
  /** The clock the rate limits count on; tests share one with the client's `sleep`. Default `Date.now`. */
  now?: () => number;
  /** Leave changes this recent out of the incremental export, as Zendesk does with the last minute. Default 0. */
  incrementalLagSeconds?: number;
}

/** One API request as the sandbox received it: what a benchmark counts. */
export interface SandboxRequest {
  method: string;
  /** Without the query; `.json` already dropped. */
  path: string;
}

export interface ZendeskSandbox {
  /** Agent-facing root: pass it as the connector's `baseUrl`. */
  url: string;
  apiBaseUrl: string;
  dataset: DemoDataset;
  faults: FaultInjector;
  /** Dataset keys → sandbox ids (strings, as the connector returns them). */
  ids: Record<'ticket' | 'customer' | 'agent' | 'group' | 'article' | 'macro' | 'organization', (key: string) => string>;
  credentials: SandboxCredentials & { auth: ZendeskAuth; oauth: ZendeskAuth };
  /** The live state (replaced by `reset`). */
  readonly state: SandboxState;
  /** Every API request received (not `/__sandbox`), in order, 429s included; empty it with `requests.length = 0`. */
  readonly requests: SandboxRequest[];
  webhook: { id: string; secret: string };
  /** A signed delivery for `ticketId`, as Zendesk would send it. */
  webhookDelivery(ticketId: string, event?: SandboxWebhookEvent, options?: WebhookDeliveryOptions): WebhookRequest;
  /** Signs and POSTs a delivery to `targetUrl`. */
  sendWebhook(targetUrl: string, ticketId: string, event?: SandboxWebhookEvent, options?: WebhookDeliveryOptions): Promise<{ status: number; body: string }>;
  setLatency(ms: number): void;
  /** Re-seeds from the dataset (same ids) and clears faults. */
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function buildApp(): FastifyInstance {
  return Fastify({
    logger: false,
    // Close at once even with requests the faults left hanging.
    forceCloseConnections: true,
    // Zendesk paths work with or without `.json`.
    rewriteUrl: (request) => (request.url ?? '/').replace(/\.json(?=\?|$)/, ''),
  });
}

/**
 * Starts a protocol-faithful Zendesk Support + Help Center server seeded from the demo dataset.
 *
 * @example
 * const sandbox = await startSandbox({ latencyMs: 50 });
 * const zendesk = createZendeskConnector({ baseUrl: sandbox.url, auth: sandbox.credentials.auth });
 * await zendesk.getTicket(sandbox.ids.ticket('jane-email'));
 * await sandbox.close();
 */
export async function startSandbox(options: ZendeskSandboxOptions = {}): Promise<ZendeskSandbox> {
  const dataset = options.dataset ?? createDemoDataset();
  const bot = dataset.agents.find((agent) => agent.isBot) ?? dataset.agents[0];
  const credentials: SandboxCredentials = {
    email: options.credentials?.email ?? bot?.email ?? 'threadline@example.com',
    apiToken: options.credentials?.apiToken ?? 'zd-sandbox-api-token-6f1c2b9e',
    oauthToken: options.credentials?.oauthToken ?? 'zd-sandbox-oauth-token-0c9a7d31',
  };
  const webhook = { id: ulid(), secret: options.webhookSecret ?? 'zd-sandbox-signing-secret-Ht5mKq2v' };
  let state: SandboxState | undefined;
  const getState = () => {
    if (!state) throw sandboxError('sandbox state is not seeded yet');
    return state;
  };
  let latencyMs = options.latencyMs ?? 0;

  const app = buildApp();
  const requests: SandboxRequest[] = [];
  app.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/__sandbox')) return;
    requests.push({ method: request.method, path: request.url.split('?')[0] as string });
    if (latencyMs > 0) await sleep(latencyMs);
  });
  const limits = createZendeskRateLimits({
    limit: options.rateLimitPerMinute === undefined ? ZENDESK_PLAN_LIMITS[options.plan ?? 'suite-enterprise'] : options.rateLimitPerMinute,
    now: options.now ?? Date.now,
  });
  const faults = installFaults(app, {
    rateLimited: (reply, retryAfterSeconds) => sendRateLimited(reply, retryAfterSeconds, limits.accountLimit),
    serverError: (reply) => reply.code(500).send({ error: { title: 'Internal Server Error', message: 'Something went wrong on our end. Please try again.' } }),
    // What Zendesk answers a ticket update naming a group that does not exist.
    validationError: (reply) => recordInvalid(reply, { group: [{ description: 'Group: is invalid', error: 'InvalidValue' }] }),
  });
  installAccess(app, { getState, credentials, limits });
  installJsonBodies(app);
  app.setNotFoundHandler((_request, reply) => sendError(reply, 404, 'InvalidEndpoint', 'Not found'));
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, _request, reply) => {
    if (error.code === INVALID_JSON_BODY_CODE) return sendUnparseableBody(reply);
    if (error.statusCode !== undefined && error.statusCode < 500) return sendError(reply, error.statusCode, 'InvalidValue', error.message);
    return reply.code(500).send({ error: { title: 'Internal Server Error', message: error.message } });
  });

  registerTicketRoutes(app, getState);
  registerUserRoutes(app, getState);
  registerHelpCenterRoutes(app, getState);
  registerPageRoutes(app, getState);
  registerSyncRoutes(app, getState, { incrementalLagSeconds: options.incrementalLagSeconds ?? 0 });
  registerTicketEventRoutes(app, getState, { incrementalLagSeconds: options.incrementalLagSeconds ?? 0 });
  app.get('/api/v2/webhooks', async (_request, reply) =>
    reply.send({ webhooks: [{ id: webhook.id, name: 'Threadline', status: 'active', http_method: 'POST', request_format: 'json', subscriptions: ['conditional_ticket_events'] }], meta: { has_more: false, after_cursor: null, before_cursor: null }, links: { next: null, prev: null } }),
  );
  app.get('/api/v2/webhooks/:id/signing_secret', async (request, reply) =>
    (request.params as { id: string }).id === webhook.id ? reply.send({ signing_secret: { algorithm: 'SHA256', secret: webhook.secret } }) : notFound(reply),
  );

  const ticketFor = (ticketId: string) => {
    const ticket = getState().tickets.get(numericId(ticketId) ?? -1);
    if (!ticket) throw sandboxError(`sandbox has no ticket ${ticketId}`, { ticketId });
    return ticket;
  };
  const deliver = (ticketId: string, event: SandboxWebhookEvent = 'ticket.created', deliveryOptions: WebhookDeliveryOptions = {}) =>
    webhookDelivery({ state: getState(), ticket: ticketFor(ticketId), event, webhookId: webhook.id, secret: webhook.secret, options: deliveryOptions });
  const sendWebhook = (targetUrl: string, ticketId: string, event?: SandboxWebhookEvent, deliveryOptions?: WebhookDeliveryOptions) =>
    postWebhook(targetUrl, deliver(ticketId, event, deliveryOptions));

  let origin = '';
  const reset = () => {
    state = seedState(dataset, origin);
    faults.reset();
    limits.reset();
  };
  registerControlRoutes(app, { getState, faults, reset, sendWebhook });

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw sandboxError('sandbox did not bind a TCP port');
  origin = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  reset();

  const lookup = (kind: keyof SandboxState['keys']) => (key: string) => {
    const id = getState().keys[kind].get(key);
    if (id === undefined) throw sandboxError(`sandbox has no ${kind} "${key}"`, { kind, key });
    return String(id);
  };

  return {
    url: origin,
    apiBaseUrl: `${origin}/api/v2`,
    dataset,
    faults,
    ids: { ticket: lookup('ticket'), customer: lookup('customer'), agent: lookup('agent'), group: lookup('group'), article: lookup('article'), macro: lookup('macro'), organization: lookup('organization') },
    credentials: {
      ...credentials,
      auth: { type: 'token', email: credentials.email, token: credentials.apiToken },
      oauth: { type: 'oauth', accessToken: credentials.oauthToken },
    },
    get state() {
      return getState();
    },
    requests,
    webhook,
    webhookDelivery: deliver,
    sendWebhook,
    setLatency(ms) {
      latencyMs = ms;
    },
    reset,
    close: () => app.close(),
  };
}
