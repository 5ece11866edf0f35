import { randomBytes } from 'node:crypto';
import Fastify from 'fastify';
import type { ExternalId, WebhookRequest } from '@threadline/connector-core';
import { createDemoDataset, type DemoDataset } from '@threadline/connector-core/demo';
import { installFaults, installJsonBodies, type FaultInjector } from '@threadline/connector-core/sandbox';
import { registerArchiveRoutes } from './archive-routes.js';
import { registerCompanyRoutes } from './companies-routes.js';
import { registerContactRoutes } from './contacts-routes.js';
import { registerControlRoutes } from './control-routes.js';
import { registerConversationRoutes } from './conversations-routes.js';
import { installAuth, installContentTypeCheck, installErrorHandling, RATE_LIMITED_BODY, SERVER_ERROR_BODY } from './protocol.js';
import { FRESHDESK_PLAN_LIMITS, installRateLimit, type FreshdeskPlan } from './rate-limits.js';
import { seedState } from './seed.js';
import { registerPageRoutes } from './pages-routes.js';
import { registerSolutionRoutes } from './solutions-routes.js';
import { archiveTicket, type SandboxState } from './state.js';
import { registerTicketRoutes } from './tickets-routes.js';
import { registerSurveyRoutes } from './surveys-routes.js';
import { sendWebhook, webhookDelivery } from './webhooks.js';

export interface FreshdeskSandboxOptions {
  /** The world to serve; default `createDemoDataset()`. */
  dataset?: DemoDataset;
  /** Default 0: a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Added to every API request (before faults), e.g. 50 to model a remote helpdesk. */
  latencyMs?: number;
  /** The secret automation-rule deliveries carry; default random. */
  webhookSecret?: string;
  /** The account's plan: its credits per minute and endpoint caps (see `FRESHDESK_PLAN_LIMITS`). Default `enterprise` (700). */
  plan?: FreshdeskPlan;
  /**
   * Overrides the credits per minute, and then only the account-wide budget applies unless `plan`
   * is also given; null turns every limit off, for tests that need an unlimited helpdesk.
   */
  rateLimitPerMinute?: number | null;
  /** The clock the rate limits count on; tests share one with the client's `sleep`. Default `Date.now`. */
  now?: () => number;
}

export interface FreshdeskSandbox {
  /** The helpdesk URL: what a connector's `baseUrl` is set to. */
  url: string;
  /** `${url}/api/v2` */
  apiBaseUrl: string;
  dataset: DemoDataset;
  faults: FaultInjector;
  /** Dataset keys → Freshdesk ids (as strings, like the normalized model). */
  ids: {
    ticket(key: string): ExternalId;
    customer(key: string): ExternalId;
    /** The id a customer's merged-away secondary contact had. */
    mergedCustomer(key: string): ExternalId;
    agent(key: string): ExternalId;
    group(key: string): ExternalId;
    article(key: string): ExternalId;
    macro(key: string): ExternalId;
    /** The company of a dataset organization. */
    organization(key: string): ExternalId;
  };
  credentials: {
    /** The API key of the agent the Threadline app acts as (its messages read as `bot`). */
    apiKey: string;
    /** Every agent's API key by dataset agent key. */
    agentApiKeys: Record<string, string>;
  };
  webhookSecret: string;
  /** The live account; writes through the API mutate it. */
  state: SandboxState;
  /** Changes the per-request latency. */
  setLatency(ms: number): void;
  /** POSTs an automation-rule delivery for this ticket to `targetUrl`. */
  sendWebhook(targetUrl: string, ticketId: ExternalId): Promise<{ status: number; body: string }>;
  /** A delivery as `sendWebhook` would send it, without sending (another secret simulates a forger). */
  webhookDelivery(ticketId: ExternalId, options?: { secret?: string }): WebhookRequest;
  /** Moves a live ticket to the archive, as Freshdesk does with long-closed tickets. */
  archiveTicket(ticketId: ExternalId): void;
  /** Back to the seeded dataset; faults cleared. */
  reset(): void;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function lookup(map: Map<string, number>, kind: string): (key: string) => ExternalId {
  return (key) => {
    const id = map.get(key);
    if (id === undefined) throw new Error(`The sandbox dataset has no ${kind} "${key}"`);
    return String(id);
  };
}

/**
 * Starts a protocol-faithful Freshdesk API v2 server seeded from the demo dataset: Basic `APIKEY:X`
 * auth, bare-array lists with `Link` paging, the 30-day default window of `GET /tickets`, Freshdesk's
 * error bodies, `X-Ratelimit-*` headers and 429s, merged contacts, notes/replies/updates, Solutions
 * and canned responses, plus fault injection and automation-rule webhooks.
 *
 * @example
 * const sandbox = await startSandbox({ latencyMs: 50 });
 * const helpdesk = createFreshdeskConnector({ baseUrl: sandbox.url, auth: { apiKey: sandbox.credentials.apiKey } });
 */
export async function startSandbox(options: FreshdeskSandboxOptions = {}): Promise<FreshdeskSandbox> {
  const dataset = options.dataset ?? createDemoDataset();
  const state = seedState(dataset);
  const webhookSecret = options.webhookSecret ?? randomBytes(24).toString('hex');
  let latencyMs = options.latencyMs ?? 0;

  // Force-close on shutdown: requests held open by the timeout fault would otherwise delay close.
  const app = Fastify({ logger: false, bodyLimit: 20 * 1024 * 1024, forceCloseConnections: true });
  app.addHook('onRequest', async (request) => {
    if (latencyMs > 0 && !request.url.startsWith('/__sandbox')) await sleep(latencyMs);
  });
  const plan = FRESHDESK_PLAN_LIMITS[options.plan ?? 'enterprise'];
  const rateLimit = installRateLimit(app, {
    perMinute: options.rateLimitPerMinute === undefined ? plan.perMinute : options.rateLimitPerMinute,
    endpoints: options.rateLimitPerMinute === undefined || options.plan !== undefined ? plan.endpoints : {},
    now: options.now ?? Date.now,
  });
  const faults = installFaults(app, {
    rateLimited: (reply, retryAfterSeconds) => reply.code(429).header('retry-after', String(retryAfterSeconds)).header('x-ratelimit-remaining', '0').send(RATE_LIMITED_BODY),
    serverError: (reply) => reply.code(500).send(SERVER_ERROR_BODY),
    // What Freshdesk answers a ticket update naming a group that does not exist.
    validationError: (reply) =>
      reply.code(400).send({ description: 'Validation failed', errors: [{ field: 'group_id', message: 'There is no group matching the given group_id', code: 'invalid_value' }] }),
  });
  installContentTypeCheck(app);
  installJsonBodies(app);
  installAuth(app, state);
  installErrorHandling(app);

  const reset = () => {
    Object.assign(state, seedState(dataset));
    faults.reset();
    rateLimit.reset();
  };
  const deliver = (targetUrl: string, ticketId: ExternalId) => sendWebhook(state, targetUrl, Number(ticketId), { secret: webhookSecret });

  registerTicketRoutes(app, state);
  registerArchiveRoutes(app, state);
  registerConversationRoutes(app, state);
  registerCompanyRoutes(app, state);
  registerContactRoutes(app, state);
  registerSolutionRoutes(app, state);
  registerPageRoutes(app, state);
  registerSurveyRoutes(app, state);
  registerControlRoutes(app, state, faults, { reset, sendWebhook: deliver });

  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const agentApiKeys: Record<string, string> = {};
  for (const [key, agentId] of state.apiKeys) {
    const agentKey = [...state.ids.agents].find(([, id]) => id === agentId)?.[0];
    if (agentKey) agentApiKeys[agentKey] = key;
  }
  const appAgentKey = [...state.ids.agents].find(([, id]) => id === state.appAgentId)?.[0] ?? '';

  return {
    url,
    apiBaseUrl: `${url}/api/v2`,
    dataset,
    faults,
    ids: {
      ticket: lookup(state.ids.tickets, 'ticket'),
      customer: lookup(state.ids.customers, 'customer'),
      mergedCustomer: lookup(state.ids.mergedCustomers, 'merged customer'),
      agent: lookup(state.ids.agents, 'agent'),
      group: lookup(state.ids.groups, 'group'),
      article: lookup(state.ids.articles, 'article'),
      macro: lookup(state.ids.macros, 'macro'),
      organization: lookup(state.ids.organizations, 'organization'),
    },
    credentials: { apiKey: agentApiKeys[appAgentKey] ?? '', agentApiKeys },
    webhookSecret,
    state,
    setLatency(ms) {
      latencyMs = ms;
    },
    sendWebhook: deliver,
    archiveTicket(ticketId) {
      if (!archiveTicket(state, Number(ticketId))) throw new Error(`The sandbox has no live ticket ${ticketId} to archive`);
    },
    webhookDelivery: (ticketId, deliveryOptions = {}) =>
      webhookDelivery(state, Number(ticketId), { secret: deliveryOptions.secret ?? webhookSecret }),
    reset,
    close: () => app.close(),
  };
}

export type { SandboxState } from './state.js';
export { FRESHDESK_PLAN_LIMITS, type FreshdeskPlan } from './rate-limits.js';
export { CHANNEL_SOURCES } from './seed.js';
