/**
 * A first sync of a Freshdesk Pro account, on its limits: 1,000 tickets × 20 messages
 * (`--tickets`), 400 credits a minute and 100 ticket-list calls a minute, the sandbox's limits and
 * the connector's pacer on one simulated clock, so the run takes seconds and reports the minutes a
 * real account would take.
 *
 *   (a) baseline, the old path: each thread is a ticket view plus its conversations (the ticket
 *       memo off; the list pages still embed descriptions, 2 credits a page more than before);
 *   (b) the connector now: `updated_since` pages of 100 with `include=description`, then one
 *       conversations call per thread.
 *
 * Run: npx tsx connectors/freshdesk/bench/backfill.ts [--tickets 1000] [--json]
 * `--json` adds one `BENCH_RESULT {…}` line for `pnpm bench`. Exits 1 if a run is incomplete.
 */
import { parseArgs } from 'node:util';
import { createBulkDataset } from '@threadline/connector-core/demo';
import { measureBackfill, type BackfillRunResult } from '@threadline/connector-core/testing';
import { createFreshdeskConnector, type FreshdeskConnectorOptions } from '../src/index.js';
import { FRESHDESK_PLAN_LIMITS, startSandbox } from '../src/sandbox/index.js';

const { values: args } = parseArgs({ options: { tickets: { type: 'string', default: '1000' }, json: { type: 'boolean', default: false } } });
const TICKETS = Number(args.tickets);
const MESSAGES = 20;
const PLAN = FRESHDESK_PLAN_LIMITS.pro;
const dataset = createBulkDataset({ tickets: TICKETS, messagesPerTicket: MESSAGES });

const run = (name: string, options: Partial<FreshdeskConnectorOptions>): Promise<BackfillRunResult> =>
  measureBackfill({
    name,
    start: (now) => startSandbox({ dataset, plan: 'pro', now }),
    connect: (sandbox, http) => createFreshdeskConnector({ baseUrl: sandbox.url, auth: { apiKey: sandbox.credentials.apiKey }, ...options, http }),
    budgets: [
      { name: 'credits', perMinute: PLAN.perMinute, isCredits: true },
      { name: 'ticket lists', perMinute: PLAN.endpoints['tickets-list'] ?? PLAN.perMinute, matches: (call) => call.method === 'GET' && call.path === '/api/v2/tickets' },
    ],
  });

const baseline = await run('(a) old path: a ticket view and conversations per ticket', { descriptionReuseMs: 0 });
const current = await run('(b) 100 a page with descriptions, conversations per ticket', {});
const complete = [baseline, current].every((each) => each.tickets === TICKETS && each.messages === TICKETS * MESSAGES);
console.log(`\nFreshdesk backfill, Pro limits: ${TICKETS} tickets × ${MESSAGES} messages, simulated clock\n`);
for (const each of [baseline, current]) {
  console.log(`${each.name}: ${each.requests} requests, ${each.credits} credits, ${each.simulatedMinutes.toFixed(1)} simulated minutes, ${each.rateLimited} × 429, ${each.tickets} tickets / ${each.messages} messages`);
}
if (args.json) console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'freshdesk-backfill', vendor: 'freshdesk', plan: 'Freshdesk Pro', tickets: TICKETS, messagesPerTicket: MESSAGES, baseline, current, complete })}`);
if (!complete) process.exitCode = 1;
