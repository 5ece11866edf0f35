/**
 * What the pipeline bench runs outside the server it measures: the Zendesk and Freshdesk sandboxes
 * (each once without limits and once with a plan's rate limits) and the fake Anthropic API, in a
 * child process, as the real services run on other machines: in the server's process they would
 * take its CPU.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { Channel, HelpdeskKind } from '@threadline/connector-core';
import { createDemoDataset, type DemoDataset, type DemoMessage } from '@threadline/connector-core/demo';
import { startFakeAnthropic } from '@threadline/knowledge/answer/testing';
import { startSandbox, ZENDESK_PLAN_LIMITS, TICKET_UPDATES_PER_MINUTE, type ZendeskPlan, type ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { startSandbox as startFreshdeskSandbox, FRESHDESK_PLAN_LIMITS, type FreshdeskPlan, type FreshdeskSandbox } from '@threadline/freshdesk/sandbox';
import type { HelpdeskCredentials } from '../src/tenants/tenants-repository.js';

export const TICKETS_PER_CUSTOMER = 5;

/** `open` and `limited` are Zendesk's; the Freshdesk pair is the same world in the other helpdesk. */
export type SandboxName = 'open' | 'limited' | 'freshdeskOpen' | 'freshdeskLimited';

/** What the helpdesk and model process tells the bench once they listen. */
export interface Externals {
  sandboxes: Record<SandboxName, { vendor: HelpdeskKind; url: string; credentials: HelpdeskCredentials; webhookSecret: string; ticketIds: string[] }>;
  /** The limited sandbox's plan and its budgets per minute. */
  plan: { name: ZendeskPlan; requestsPerMinute: number; ticketUpdatesPerMinute: number };
  /** The limited Freshdesk sandbox's plan: credits per minute and Ticket Update's cap. */
  freshdeskPlan: { name: FreshdeskPlan; creditsPerMinute: number; ticketUpdatesPerMinute: number };
  anthropicUrl: string;
  anthropicKey: string;
}

/** The demo world plus `total` open tickets, each ending with a customer question, spread over customers. */
export function benchDataset(total: number, now = Date.now()): DemoDataset {
  const dataset = createDemoDataset({ generatedCustomers: 0 });
  const channels: Channel[] = ['email', 'chat', 'web_form', 'messaging', 'whatsapp'];
  const questions = [
    'How long does a refund take to reach my card?',
    'Can I change the delivery address of my order?',
    'Do you ship to Canada, and what does it cost?',
    'My jacket zipper broke after a week, what are my options?',
    'How do I exchange boots for a bigger size?',
  ];
  for (let c = 0; c * TICKETS_PER_CUSTOMER < total; c++) {
    const key = `bench-customer-${c}`;
    const email = `bench.customer.${c}@example.com`;
    dataset.customers.push({ key, name: `Bench Customer ${c}`, locale: 'en-US', identities: [{ type: 'email', value: email }], mergedIdentities: [], createdAt: new Date(now - 90 * 86_400_000).toISOString() });
    for (let t = 0; t < TICKETS_PER_CUSTOMER && c * TICKETS_PER_CUSTOMER + t < total; t++) {
      const index = c * TICKETS_PER_CUSTOMER + t;
      const opened = now - (total - index) * 60_000;
      const messages: DemoMessage[] = [
        { role: 'customer', isPublic: true, text: `Order NW-${30_000 + index}: ${questions[index % questions.length]}`, createdAt: new Date(opened).toISOString() },
      ];
      dataset.tickets.push({
        key: `bench-${index}`,
        customerKey: key,
        channel: channels[index % channels.length] as Channel,
        via: { type: 'email', value: email },
        subject: `Question about order NW-${30_000 + index}`,
        status: 'open',
        priority: 'normal',
        groupKey: 'orders',
        assigneeKey: null,
        tags: ['bench'],
        createdAt: new Date(opened).toISOString(),
        updatedAt: new Date(opened).toISOString(),
        messages,
      });
    }
  }
  return dataset;
}

/** Requests by endpoint: the method and the path with its numeric ids as `:id`. */
export function requestsByEndpoint(requests: ReadonlyArray<{ method: string; path: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { method, path } of requests) {
    const key = `${method} ${path.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * Runs a phase and logs what the sandbox received meanwhile, per answered event (the phase's
 * `written`), by endpoint, most first.
 */
export async function requestsByEndpointOver<T extends { written: number }>(
  externals: Pick<ReturnType<typeof startExternals>, 'request'>,
  sandbox: SandboxName,
  run: () => Promise<T>,
  log: (line: string) => void,
): Promise<T> {
  const counts = () => externals.request<{ byEndpoint: Record<string, number> }>({ type: 'requests', sandbox }).then((answer) => answer.byEndpoint);
  const before = await counts();
  const result = await run();
  const after = await counts();
  const perEvent = Object.entries(after).map(([endpoint, count]) => [endpoint, (count - (before[endpoint] ?? 0)) / Math.max(1, result.written)] as const);
  const listed = perEvent.filter(([, value]) => value > 0).sort((a, b) => b[1] - a[1]);
  log(`helpdesk requests per answered event by endpoint: ${listed.map(([endpoint, value]) => `${endpoint} ${value.toFixed(2)}`).join(', ')}`);
  return result;
}

/** The child's side: starts the services and answers the bench's messages until told to stop. */
export async function runExternals(options: { tickets: number; modelMs: number; plan: ZendeskPlan; freshdeskPlan: FreshdeskPlan }): Promise<void> {
  const dataset = benchDataset(options.tickets);
  const fake = await startFakeAnthropic({ latencyMs: options.modelMs });
  const sandboxes: Record<SandboxName, ZendeskSandbox | FreshdeskSandbox> = {
    open: await startSandbox({ dataset, rateLimitPerMinute: null }),
    // The plan's budgets as Zendesk enforces them: the account's requests and Update Ticket's.
    limited: await startSandbox({ dataset, plan: options.plan }),
    freshdeskOpen: await startFreshdeskSandbox({ dataset, rateLimitPerMinute: null }),
    // Freshdesk's: credits per minute (includes cost extra) and the per-endpoint caps.
    freshdeskLimited: await startFreshdeskSandbox({ dataset, plan: options.freshdeskPlan }),
  };
  const send = (message: unknown) => process.send?.(message);
  process.on('message', async (message: { type: string; sandbox?: SandboxName; targetUrl?: string; ticketId?: string; id: number }) => {
    if (message.type === 'webhook') {
      const sandbox = sandboxes[message.sandbox ?? 'open'];
      const response = await sandbox.sendWebhook(message.targetUrl as string, message.ticketId as string).catch(() => ({ status: 0 }));
      send({ id: message.id, status: response.status });
    } else if (message.type === 'stats') send({ id: message.id, modelCalls: fake.requests.length });
    else if (message.type === 'requests') {
      const sandbox = sandboxes[message.sandbox ?? 'open'];
      send({ id: message.id, byEndpoint: 'requests' in sandbox ? requestsByEndpoint(sandbox.requests) : {} });
    }
    else if (message.type === 'stop') {
      await Promise.all([...Object.values(sandboxes).map((sandbox) => sandbox.close()), fake.close()]);
      process.disconnect();
    }
  });
  const benchTickets = dataset.tickets.filter((ticket) => ticket.key.startsWith('bench-'));
  const describe = (sandbox: ZendeskSandbox | FreshdeskSandbox): Externals['sandboxes'][SandboxName] =>
    'webhook' in sandbox
      ? {
          vendor: 'zendesk',
          url: sandbox.url,
          credentials: { kind: 'zendesk', auth: sandbox.credentials.auth as { type: 'token'; email: string; token: string } },
          webhookSecret: sandbox.webhook.secret,
          ticketIds: benchTickets.map((ticket) => sandbox.ids.ticket(ticket.key)),
        }
      : {
          vendor: 'freshdesk',
          url: sandbox.url,
          credentials: { kind: 'freshdesk', auth: { apiKey: sandbox.credentials.apiKey } },
          webhookSecret: sandbox.webhookSecret,
          ticketIds: benchTickets.map((ticket) => sandbox.ids.ticket(ticket.key)),
        };
  const freshdeskLimits = FRESHDESK_PLAN_LIMITS[options.freshdeskPlan];
  const externals: Externals = {
    sandboxes: Object.fromEntries(Object.entries(sandboxes).map(([name, sandbox]) => [name, describe(sandbox)])) as Externals['sandboxes'],
    plan: { name: options.plan, requestsPerMinute: ZENDESK_PLAN_LIMITS[options.plan], ticketUpdatesPerMinute: TICKET_UPDATES_PER_MINUTE },
    freshdeskPlan: { name: options.freshdeskPlan, creditsPerMinute: freshdeskLimits.perMinute, ticketUpdatesPerMinute: freshdeskLimits.endpoints['ticket-update'] ?? freshdeskLimits.perMinute },
    anthropicUrl: fake.url,
    anthropicKey: fake.apiKey,
  };
  send({ id: 0, externals });
}

/** The bench's side: forks this script in the externals role and talks to it by messages. */
export function startExternals(env: NodeJS.ProcessEnv): { child: ChildProcess; ready: Promise<Externals>; request<T>(message: Record<string, unknown>): Promise<T> } {
  const child = fork(process.argv[1] as string, process.argv.slice(2), { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // Every request carries an id its answer echoes; id 0 is the child's "ready".
  const pending = new Map<number, (message: unknown) => void>();
  let next = 1;
  child.on('message', (message: { id: number }) => {
    pending.get(message.id)?.(message);
    pending.delete(message.id);
  });
  const request = <T>(message: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve) => {
      const id = next++;
      pending.set(id, resolve as (message: unknown) => void);
      child.send({ ...message, id });
    });
  const ready = new Promise<Externals>((resolve, reject) => {
    pending.set(0, (message) => resolve((message as { externals: Externals }).externals));
    child.once('exit', (code) => reject(new Error(`the sandbox process exited (${code}) before it was ready`)));
  });
  return { child, ready, request };
}
