/**
 * A first sync of a Zendesk Suite Professional account, on its limits: 1,000 tickets × 20 messages
 * (`--tickets`), 400 requests a minute and 10 incremental exports a minute, the sandbox's limits and
 * the connector's pacer on one simulated clock, so the run takes seconds and reports the minutes a
 * real account would take.
 *
 *   (a) baseline, the old path: the ticket export at 100 a page, every thread from the Comments API;
 *   (b) the connector now: 1,000 tickets a page with side-loads, threads from the ticket event export.
 *
 * Run: npx tsx connectors/zendesk/bench/backfill.ts [--tickets 1000] [--json]
 * `--json` adds one `BENCH_RESULT {…}` line for `pnpm bench`. Exits 1 if a run is incomplete.
 */
import { parseArgs } from 'node:util';
import { createBulkDataset } from '@threadline/connector-core/demo';
import { measureBackfill, type BackfillRunResult } from '@threadline/connector-core/testing';
import { createZendeskConnector, type ZendeskConnectorOptions } from '../src/index.js';
import { INCREMENTAL_EXPORTS_PER_MINUTE, startSandbox, ZENDESK_PLAN_LIMITS } from '../src/sandbox/index.js';

const { values: args } = parseArgs({ options: { tickets: { type: 'string', default: '1000' }, json: { type: 'boolean', default: false } } });
const TICKETS = Number(args.tickets);
const MESSAGES = 20;
const PLAN = 'suite-professional';
const dataset = createBulkDataset({ tickets: TICKETS, messagesPerTicket: MESSAGES });

const run = (name: string, options: Partial<ZendeskConnectorOptions>): Promise<BackfillRunResult> =>
  measureBackfill({
    name,
    start: (now) => startSandbox({ dataset, plan: PLAN, now }),
    connect: (sandbox, http) => createZendeskConnector({ baseUrl: sandbox.url, auth: sandbox.credentials.auth, ...options, http }),
    budgets: [
      { name: 'account', perMinute: ZENDESK_PLAN_LIMITS[PLAN] },
      { name: 'incremental exports', perMinute: INCREMENTAL_EXPORTS_PER_MINUTE, matches: (call) => call.path.includes('/incremental/') },
    ],
  });

const baseline = await run('(a) old path: 100 a page, a comments list per ticket', { exportPageSize: 100, threadsFromEvents: false });
const current = await run('(b) 1,000 a page with side-loads, threads from ticket events', {});
const complete = [baseline, current].every((each) => each.tickets === TICKETS && each.messages === TICKETS * MESSAGES);
console.log(`\nZendesk backfill, ${PLAN} limits: ${TICKETS} tickets × ${MESSAGES} messages, simulated clock\n`);
for (const each of [baseline, current]) {
  console.log(`${each.name}: ${each.requests} requests, ${each.simulatedMinutes.toFixed(1)} simulated minutes, ${each.rateLimited} × 429, ${each.tickets} tickets / ${each.messages} messages`);
}
if (args.json) console.log(`BENCH_RESULT ${JSON.stringify({ bench: 'zendesk-backfill', vendor: 'zendesk', plan: 'Zendesk Suite Professional', tickets: TICKETS, messagesPerTicket: MESSAGES, baseline, current, complete })}`);
if (!complete) process.exitCode = 1;
