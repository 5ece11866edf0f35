import { HELPDESK_KINDS } from '@threadline/vocabulary';
import type { BackfillRunResult } from '@threadline/connector-core/testing';
import { spawnBench } from './spawn-bench.js';

/**
 * The `connectors` section's backfill and request-count rows: each vendor's first sync of a
 * plan-limited account (1,000 tickets × 20 messages on a simulated clock, old path and new, see
 * connectors/{zendesk,freshdesk}/bench/backfill.ts), projected to a 100k-ticket account, and the
 * helpdesk requests one answered webhook event costs (apps/server/bench/webhook-requests.ts).
 */

interface BackfillBench {
  bench: string;
  vendor: string;
  plan: string;
  tickets: number;
  messagesPerTicket: number;
  baseline: BackfillRunResult;
  current: BackfillRunResult;
  complete: boolean;
}

interface WebhookRequests {
  bench: string;
  events: Array<{ name: string; action: string; requests: number; writes: number; byEndpoint: Record<string, number> }>;
}

export interface BenchRow {
  bench: string;
  figure: string;
  baseline: string;
  ratio: string;
  goal: string;
}

const PROJECTED_TICKETS = 100_000;
const QUICK_TICKETS = 300;

/**
 * A run scaled to `tickets`: requests in proportion, and minutes as the budget that runs out first
 * allows them (in steady state a backfill spends each budget at its rate a minute; the first
 * minute's full budget no longer matters).
 */
export function project(run: BackfillRunResult, measuredTickets: number, tickets: number): { requests: number; minutes: number; bound: string } {
  const scale = tickets / measuredTickets;
  let minutes = 0;
  let bound = '—';
  for (const budget of run.budgets) {
    const needed = (budget.spent * scale) / budget.perMinute;
    if (needed > minutes) [minutes, bound] = [needed, `${budget.name} ${budget.perMinute}/min`];
  }
  return { requests: Math.round(run.requests * scale), minutes, bound };
}

const hours = (minutes: number) => (minutes >= 90 ? `${(minutes / 60).toFixed(1)} h` : `${Math.round(minutes)} min`);

function describe(run: BackfillRunResult, tickets: number): string {
  const per1000 = 1000 / tickets;
  const credits = run.credits === run.requests ? '' : ` (${Math.round(run.credits * per1000)} credits)`;
  const projected = project(run, tickets, PROJECTED_TICKETS);
  // Minutes do not scale down: a small run fits the first minute's full budget.
  const minutes = tickets === 1000 ? `${run.simulatedMinutes.toFixed(1)} simulated min` : `(${run.simulatedMinutes.toFixed(1)} simulated min for ${tickets})`;
  return (
    `${Math.round(run.requests * per1000)} requests${credits} and ${minutes} per 1,000 tickets, ${run.rateLimited} × 429; ` +
    `100k tickets: ~${projected.requests.toLocaleString('en')} requests, ~${hours(projected.minutes)} (bound by ${projected.bound})`
  );
}

export async function backfillRows(options: { quick: boolean; childEnv: NodeJS.ProcessEnv; note: (line: string) => void }): Promise<{ rows: BenchRow[]; results: Record<string, unknown>; exitCode: number }> {
  const rows: BenchRow[] = [];
  const results: Record<string, unknown> = {};
  let exitCode = 0;
  for (const vendor of HELPDESK_KINDS) {
    options.note(`— ${vendor} backfill on plan limits (simulated clock)`);
    // --quick: fewer tickets; requests still scale to 1,000 and the projection holds (budget-bound).
    const args = ['--json', ...(options.quick ? ['--tickets', String(QUICK_TICKETS)] : [])];
    const { result, exitCode: code } = await spawnBench<BackfillBench>(`connectors/${vendor}/bench/backfill.ts`, args, options.childEnv);
    results[`${vendor}Backfill`] = result;
    const noneLimited = result.current.rateLimited === 0;
    if (!result.complete || code !== 0) exitCode = 1;
    const baseline = project(result.baseline, result.tickets, PROJECTED_TICKETS);
    const current = project(result.current, result.tickets, PROJECTED_TICKETS);
    rows.push({
      bench: `${vendor} backfill, ${result.plan} limits (${result.tickets.toLocaleString('en')} tickets × ${result.messagesPerTicket} messages, real connector + pacer, simulated clock)`,
      figure: describe(result.current, result.tickets),
      baseline: `${describe(result.baseline, result.tickets)} — ${result.baseline.name.replace(/^\(a\) /, '')}`,
      ratio: `${(result.baseline.requests / result.current.requests).toFixed(1)}× fewer requests; 100k tickets ${(baseline.minutes / current.minutes).toFixed(2)}× faster`,
      goal: `no 429 by pacing: ${noneLimited ? 'met' : `MISSED (${result.current.rateLimited})`}; complete mirror: ${result.complete ? 'yes' : 'NO'}`,
    });
  }
  options.note('— helpdesk requests per answered webhook event');
  const { result, exitCode: code } = await spawnBench<WebhookRequests>('apps/server/bench/webhook-requests.ts', ['--json'], options.childEnv);
  results.webhookRequests = result;
  if (code !== 0) exitCode = 1;
  const average = result.events.reduce((sum, event) => sum + event.requests, 0) / Math.max(1, result.events.length);
  rows.push({
    bench: 'helpdesk requests per answered webhook event (Zendesk, webhook → mirror refresh → answer → write-back)',
    figure: `${average.toFixed(1)} requests on average; ${result.events.map((event) => `${event.name}: ${event.requests} (${event.writes} write)`).join('; ')}`,
    baseline: '— (measured only)',
    ratio: '—',
    goal: `one write per outcome: ${result.events.every((event) => event.writes === 1) ? 'met' : 'MISSED'}`,
  });
  return { rows, results, exitCode };
}
