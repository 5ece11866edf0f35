/**
 * How long pulling one customer's whole history takes against a distant Zendesk: one customer
 * with 200 tickets × 20 messages, 50 ms added to every request by the sandbox.
 *
 *   (a) serial pager baseline: page by page, ticket by ticket, one request at a time
 *       (the same connector and HTTP client, with maxConcurrency 1);
 *   (b) the connector's bounded-concurrency pull: listCustomerTickets, then listMessages for
 *       every ticket through mapWithConcurrency.
 *
 * Run: npx tsx connectors/zendesk/bench/pull-history.ts [--json]   (exits 1 if (b) misses its 2 s target)
 * `--json` adds one `BENCH_RESULT {…}` line for `pnpm bench` to read.
 */
import { performance } from 'node:perf_hooks';
import type { Channel } from '@threadline/connector-core';
import { createDemoDataset, type DemoDataset, type DemoIdentity, type DemoMessage, type DemoTicket } from '@threadline/connector-core/demo';
import { mapWithConcurrency } from '@threadline/connector-core/http';
import { createZendeskConnector, type ZendeskConnector } from '../src/index.js';
import { startSandbox } from '../src/sandbox/index.js';

const TICKETS = 200;
const MESSAGES = 20;
const LATENCY_MS = 50;
const CONCURRENCY = 8;
const TARGET_SECONDS = 2;

/** The demo world plus one long-standing customer with TICKETS tickets of MESSAGES messages each. */
function benchDataset(): DemoDataset {
  const dataset = createDemoDataset({ generatedCustomers: 0 });
  const email: DemoIdentity = { type: 'email', value: 'maria.lopez@example.com' };
  const phone: DemoIdentity = { type: 'phone', value: '+13125550188' };
  const handle: DemoIdentity = { type: 'twitter', value: 'maria_trails' };
  dataset.customers.push({
    key: 'bench-customer',
    name: 'María López',
    locale: 'en-US',
    identities: [email, phone, handle],
    mergedIdentities: [phone],
    createdAt: '2021-03-01T09:00:00Z',
  });
  const channels: Array<[Channel, DemoIdentity]> = [
    ['email', email],
    ['chat', email],
    ['voice', phone],
    ['whatsapp', phone],
    ['web_form', email],
    ['sms', phone],
    ['social_x', handle],
  ];
  const start = Date.parse('2022-01-01T08:00:00Z');
  const agents = ['alex', 'sam', 'riley'];
  for (let t = 0; t < TICKETS; t++) {
    const [channel, via] = channels[t % channels.length] as [Channel, DemoIdentity];
    const opened = start + t * 3 * 86_400_000;
    const messages: DemoMessage[] = Array.from({ length: MESSAGES }, (_, m) => {
      const isCustomer = m % 2 === 0;
      return {
        role: isCustomer ? 'customer' : 'agent',
        ...(isCustomer ? {} : { agentKey: agents[t % agents.length] }),
        isPublic: true,
        text: isCustomer ? `Message ${m + 1} about order NW-${20_000 + t}: any update on the delivery?` : `Reply ${m + 1}: the carrier trace for NW-${20_000 + t} is still open.`,
        createdAt: new Date(opened + m * 600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      };
    });
    const ticket: DemoTicket = {
      key: `bench-${t}`,
      customerKey: 'bench-customer',
      channel,
      via,
      subject: `Order NW-${20_000 + t}`,
      status: 'solved',
      priority: 'normal',
      groupKey: 'orders',
      assigneeKey: agents[t % agents.length] ?? null,
      tags: ['bench'],
      createdAt: messages[0]?.createdAt ?? '',
      updatedAt: messages.at(-1)?.createdAt ?? '',
      messages,
    };
    dataset.tickets.push(ticket);
  }
  return dataset;
}

interface Run {
  name: string;
  seconds: number;
  requests: number;
  tickets: number;
  messages: number;
}

async function measure(name: string, connector: ZendeskConnector, pull: () => Promise<{ tickets: number; messages: number }>): Promise<Run> {
  const before = connector.stats.requests;
  const started = performance.now();
  const counts = await pull();
  return { name, seconds: (performance.now() - started) / 1000, requests: connector.stats.requests - before, ...counts };
}

const sandbox = await startSandbox({ dataset: benchDataset(), latencyMs: LATENCY_MS });
try {
  const customerId = sandbox.ids.customer('bench-customer');
  const connect = (maxConcurrency: number) => createZendeskConnector({ baseUrl: sandbox.url, auth: sandbox.credentials.auth, http: { maxConcurrency } });
  const serial = connect(1);
  const bounded = connect(CONCURRENCY);
  // Warm both clients (connection pool, JIT) outside the timings.
  await Promise.all([serial.getTicket(sandbox.ids.ticket('bench-0')), bounded.getTicket(sandbox.ids.ticket('bench-0'))]);

  const baseline = await measure('(a) serial pager baseline', serial, async () => {
    const tickets = await serial.listCustomerTickets(customerId);
    let messages = 0;
    for (const ticket of tickets) messages += (await serial.listMessages(ticket.id)).length;
    return { tickets: tickets.length, messages };
  });
  const concurrent = await measure(`(b) connector, concurrency ${CONCURRENCY}`, bounded, async () => {
    const tickets = await bounded.listCustomerTickets(customerId);
    const threads = await mapWithConcurrency(tickets, CONCURRENCY, (ticket) => bounded.listMessages(ticket.id));
    return { tickets: tickets.length, messages: threads.reduce((sum, thread) => sum + thread.length, 0) };
  });

  const rows = [baseline, concurrent];
  const header = ['run', 'seconds', 'requests', 'tickets', 'messages'];
  const cells = rows.map((run) => [run.name, run.seconds.toFixed(2), String(run.requests), String(run.tickets), String(run.messages)]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((row) => (row[column] as string).length)));
  const line = (row: string[]) => `| ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] as number) : cell.padStart(widths[column] as number))).join(' | ')} |`;
  console.log(`\nZendesk history pull: 1 customer, ${TICKETS} tickets × ${MESSAGES} messages, ${LATENCY_MS} ms per request\n`);
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of cells) console.log(line(row));
  const ratio = baseline.seconds / concurrent.seconds;
  const complete = rows.every((run) => run.tickets === TICKETS && run.messages === TICKETS * MESSAGES);
  const met = concurrent.seconds <= TARGET_SECONDS;
  console.log(`\nspeed-up (a)/(b): ${ratio.toFixed(1)}×   target (b) ≤ ${TARGET_SECONDS} s: ${met ? 'met' : 'MISSED'}   complete history: ${complete ? 'yes' : 'NO'}\n`);
  if (process.argv.includes('--json')) {
    const result = { bench: 'zendesk-pull-history', tickets: TICKETS, messages: MESSAGES, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, baseline, concurrent, targetSeconds: TARGET_SECONDS, met, complete };
    console.log(`BENCH_RESULT ${JSON.stringify(result)}`);
  }
  if (!met || !complete) process.exitCode = 1;
} finally {
  await sandbox.close();
}
