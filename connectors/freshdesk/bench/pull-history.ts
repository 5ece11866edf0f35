/**
 * How long pulling one customer's whole history takes: 200 tickets × 20 messages, 50 ms per
 * request at the sandbox. Compares a serial pager (one request at a time, ticket by ticket) with
 * the connector's bounded-concurrency pull, and shows what the description memo saves.
 *
 *   npx tsx connectors/freshdesk/bench/pull-history.ts [--tickets 200] [--messages 20] [--latency 50] [--concurrency 8] [--json]
 *
 * `--json` adds one `BENCH_RESULT {…}` line for `pnpm bench` to read.
 */
import { performance } from 'node:perf_hooks';
import type { Channel } from '@threadline/connector-core';
import { createDemoDataset, type DemoDataset, type DemoMessage } from '@threadline/connector-core/demo';
import { mapWithConcurrency } from '@threadline/connector-core/http';
import { createFreshdeskConnector } from '../src/index.js';
import { startSandbox, type FreshdeskSandbox } from '../src/sandbox/index.js';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
}

const TICKETS = option('tickets', 200);
const MESSAGES = option('messages', 20);
const LATENCY_MS = option('latency', 50);
const CONCURRENCY = option('concurrency', 8);
const DAY = 86_400_000;

/** The demo world plus one long-standing customer with TICKETS tickets of MESSAGES messages each. */
function benchDataset(): DemoDataset {
  const dataset = createDemoDataset({ generatedCustomers: 0 });
  const now = Date.now();
  dataset.customers.push({
    key: 'loyal',
    name: 'Morgan Loyal',
    locale: 'en-US',
    identities: [{ type: 'email', value: 'morgan.loyal@example.com' }, { type: 'phone', value: '+13125550999' }],
    mergedIdentities: [{ type: 'phone', value: '+13125550999' }],
    createdAt: new Date(now - 800 * DAY).toISOString(),
  });
  const channels: Channel[] = ['email', 'chat', 'voice', 'whatsapp', 'web_form', 'sms'];
  for (let t = 0; t < TICKETS; t++) {
    const start = now - (700 - t * (690 / TICKETS)) * DAY;
    const messages: DemoMessage[] = Array.from({ length: MESSAGES }, (_, m) => ({
      role: m % 2 === 0 ? 'customer' : 'agent',
      agentKey: 'alex',
      isPublic: m % 7 !== 6,
      text: `Ticket ${t}, message ${m}: ${m % 2 === 0 ? 'a question about order NW-' + (20_000 + t) : 'an answer from the team'}.`,
      createdAt: new Date(start + m * 3_600_000).toISOString(),
    }));
    dataset.tickets.push({
      key: `loyal-${t}`,
      customerKey: 'loyal',
      channel: channels[t % channels.length] as Channel,
      via: { type: 'email', value: 'morgan.loyal@example.com' },
      subject: `Order question ${t}`,
      status: 'closed',
      priority: 'normal',
      groupKey: 'orders',
      assigneeKey: 'alex',
      tags: ['bench'],
      createdAt: new Date(start).toISOString(),
      updatedAt: messages.at(-1)?.createdAt ?? new Date(start).toISOString(),
      messages,
    });
  }
  dataset.tickets.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  return dataset;
}

interface Run {
  name: string;
  seconds: number;
  requests: number;
  tickets: number;
  messages: number;
}

async function pull(sandbox: FreshdeskSandbox, name: string, options: { concurrency: number; reuseDescriptions: boolean }): Promise<Run> {
  sandbox.reset();
  const connector = createFreshdeskConnector({
    baseUrl: sandbox.url,
    auth: { apiKey: sandbox.credentials.apiKey },
    http: { maxConcurrency: options.concurrency },
    descriptionReuseMs: options.reuseDescriptions ? 60_000 : 0,
  });
  const customerId = sandbox.ids.customer('loyal');
  const started = performance.now();
  const tickets = await connector.listCustomerTickets(customerId);
  let threads: number[];
  if (options.concurrency === 1) {
    // The serial pager: ticket by ticket, each thread page by page, one request in flight.
    threads = [];
    for (const ticket of tickets) threads.push((await connector.listMessages(ticket.id)).length);
  } else {
    threads = await mapWithConcurrency(tickets, options.concurrency, async (ticket) => (await connector.listMessages(ticket.id)).length);
  }
  const seconds = (performance.now() - started) / 1000;
  return { name, seconds, requests: connector.stats.requests, tickets: tickets.length, messages: threads.reduce((sum, count) => sum + count, 0) };
}

async function main(): Promise<void> {
  // A real account allows 200–700 credits a minute; the budget is lifted here to time the client alone.
  const sandbox = await startSandbox({ dataset: benchDataset(), latencyMs: LATENCY_MS, rateLimitPerMinute: 1_000_000 });
  try {
    const runs = [
      await pull(sandbox, '(a) serial pager, re-reads each ticket', { concurrency: 1, reuseDescriptions: false }),
      await pull(sandbox, '(a2) serial pager, descriptions from the list', { concurrency: 1, reuseDescriptions: true }),
      await pull(sandbox, `(b2) concurrency ${CONCURRENCY}, re-reads each ticket`, { concurrency: CONCURRENCY, reuseDescriptions: false }),
      await pull(sandbox, `(b) concurrency ${CONCURRENCY}, connector defaults`, { concurrency: CONCURRENCY, reuseDescriptions: true }),
    ];
    const expectedMessages = TICKETS * MESSAGES;
    console.log(`Freshdesk history pull: ${TICKETS} tickets × ${MESSAGES} messages, ${LATENCY_MS} ms per request\n`);
    for (const run of runs) {
      const complete = run.tickets === TICKETS && run.messages === expectedMessages ? 'complete' : `INCOMPLETE (${run.tickets} tickets, ${run.messages} messages)`;
      console.log(`${run.name.padEnd(48)} ${run.seconds.toFixed(2).padStart(6)} s  ${String(run.requests).padStart(4)} requests  ${complete}`);
    }
    const [serial, , , bounded] = runs as [Run, Run, Run, Run];
    console.log(`\nspeed-up (a)/(b): ${(serial.seconds / bounded.seconds).toFixed(1)}×, requests ${serial.requests} → ${bounded.requests}`);
    console.log(`target (b) ≤ 2 s: ${bounded.seconds <= 2 ? 'met' : 'MISSED'} (${bounded.seconds.toFixed(2)} s)`);
    const complete = runs.every((run) => run.tickets === TICKETS && run.messages === expectedMessages);
    if (process.argv.includes('--json')) {
      const result = { bench: 'freshdesk-pull-history', tickets: TICKETS, messages: MESSAGES, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, runs, baseline: serial, concurrent: bounded, targetSeconds: 2, met: bounded.seconds <= 2, complete };
      console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
    }
    if (!complete) process.exitCode = 1;
  } finally {
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
