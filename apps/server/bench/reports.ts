/**
 * `/v1/reports/overview` latency at 10k and 1M mirrored tickets on native Postgres.
 *
 * The tenant's mirror is filled in bulk with SQL (customers, tickets, their `ticket_facts` rows and the
 * daily rows built from them,
 * spread over a year and eight channels, with CSAT, reopens, repeat contacts and the agent's
 * outcomes in realistic shares), plus another tenant holding a tenth as many, so every query has
 * rows to filter out. The overview is then asked over HTTP for the last 60 days by week, compared
 * with the 60 days before (what the report page shows first) and alone, and for the last 30 days by
 * day, compared with the 30 before and alone.
 *
 *   figure:  p95 (and p50) of the overview at each size, 40 requests after 5 warm-ups
 *   goal:    p95 < 200 ms at 1M
 *
 *   DATABASE_URL=postgres://… npx tsx apps/server/bench/reports.ts [--sizes 10000,1000000] [--json] [--keep]
 *
 * Runs in a scratch database `<name>_reports_bench` (created empty, dropped after). Exits 1 when a
 * goal is missed, 2 without DATABASE_URL.
 */
import { parseArgs } from 'node:util';
import { describePostgresUrl, type Db } from '@threadline/platform/db';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { rebuildDays } from '../src/reports/daily-rollups.js';
import { createScratchDatabase } from './scratch-database.js';

const { values: args } = parseArgs({ options: { sizes: { type: 'string', default: '10000,1000000' }, json: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } } });
const SIZES = (args.sizes ?? '').split(',').map(Number).filter((size) => Number.isInteger(size) && size > 0).sort((a, b) => a - b);
const GOAL_MS = 200;
const REQUESTS = 40;
const WARMUP = 5;
const log = (line: string): void => void process.stderr.write(`${line}\n`);

export interface ReportsBenchPoint {
  tickets: number;
  query: string;
  p50: number;
  p95: number;
  max: number;
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
};

/** Adds tickets `from + 1 … to` of a tenant: customers (one per five tickets), tickets and their facts. */
async function grow(db: Db, tenantId: string, from: number, to: number): Promise<void> {
  const batch = 100_000;
  for (let start = from; start < to; start += batch) {
    const end = Math.min(to, start + batch);
    // Ids derived from the tenant and the number, so later batches can name earlier customers.
    await db.query(
      `insert into customers (id, tenant_id, name)
       select md5($1::text || ':c:' || g)::uuid, $1::uuid, 'Bench customer ' || g from generate_series($2::int / 5 + 1, $3::int / 5) g
       on conflict (id) do nothing`,
      [tenantId, start, end],
    );
    await db.query(
      `insert into tickets (id, tenant_id, external_id, customer_id, subject, status, raw_status, channel, channel_raw, url, created_at, updated_at, solved_at)
       select md5($1::text || ':t:' || g)::uuid, $1::uuid, g::text, md5($1::text || ':c:' || ((g - 1) / 5 + 1))::uuid, 'Bench ticket ' || g,
              'solved', 'solved', (array['email','chat','web_form','voice','whatsapp','sms','social_x','messaging'])[1 + g % 8], 'bench',
              'https://bench.example/tickets/' || g, c, c + interval '2 hours', c + interval '1 hour'
         from generate_series($2::int + 1, $3::int) g, lateral (select now() - (((g::bigint * 7919) % 525600) * interval '1 minute') as c) t`,
      [tenantId, start, end],
    );
    await db.query(
      `insert into ticket_facts (ticket_id, tenant_id, customer_id, channel, created_at, first_customer_at, first_response_at, solved_at,
                                 first_response_minutes, resolution_minutes, csat, is_solved, is_reopened, is_repeat_contact, is_multi_channel,
                                 is_auto_replied, is_drafted, is_draft_used, is_escalated, is_handed_off, automated_resolution_at,
                                 previous_ticket_at, previous_multi_channel_at)
       select t.id, t.tenant_id, t.customer_id, t.channel, t.created_at, t.created_at, t.created_at + interval '30 minutes', t.solved_at,
              (g * 37) % 600, (g * 53) % 4000,
              case when g % 10 < 3 then 'good' when g % 10 = 3 then 'bad' end,
              true, g % 17 = 0, g % 11 = 0, g % 13 = 0, g % 4 = 0, g % 4 = 1, g % 8 = 1, g % 23 = 0, g % 29 = 0,
              case when g % 4 = 0 and g % 11 <> 0 then t.created_at + interval '5 minutes' end,
              -- A customer's five tickets are always in one batch (batches are multiples of five).
              (select max(o.created_at) from tickets o where o.tenant_id = t.tenant_id and o.customer_id = t.customer_id and o.created_at < t.created_at),
              case when g % 13 = 0 then (select max(o.created_at) from tickets o where o.tenant_id = t.tenant_id and o.customer_id = t.customer_id
                                                                         and o.created_at < t.created_at and o.external_id::int % 13 = 0) end
         from tickets t, lateral (select t.external_id::int as g) n
        where t.tenant_id = $1::uuid and t.external_id::int > $2 and t.external_id::int <= $3`,
      [tenantId, start, end],
    );
    log(`reports bench: ${end.toLocaleString('en')} tickets`);
  }
  await db.exec('analyze customers; analyze tickets; analyze ticket_facts');
  // The daily rows the mirror keeps as it writes, built once for the bulk load (UTC: the default zone).
  await rebuildDays(db, tenantId, 'UTC');
  // The visibility map lets the journey's and automation's counts read the indexes alone.
  await db.query('vacuum analyze ticket_facts');
  await db.query('analyze report_daily');
}


const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function main(): Promise<number> {
  const base = loadConfig({ ...process.env, LOG_LEVEL: 'silent', THREADLINE_DEMO: 'off', EMBEDDINGS_PROVIDER: 'hash', SYNC_INTERVAL_MS: '0' });
  if (base.database.driver !== 'postgres') {
    log('reports bench: DATABASE_URL is unset (scripts/native-postgres.sh start prints one)');
    return 2;
  }
  const scratch = await createScratchDatabase(base.database.url, 'reports_bench');
  const config = Object.freeze({ ...base, database: { ...base.database, url: scratch.url } });
  const app = await buildApp(config, { logger: false, runWorker: false });
  try {
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const connect = (slug: string) =>
      provisionTenant(app.db, app.secrets, { slug, name: slug, baseUrl: `https://${slug}.zendesk.com`, credentials: { kind: 'zendesk', auth: { type: 'token', email: 'a@b.c', token: 't' } }, webhookSecret: 's' });
    const measured = await connect('reports-bench');
    const neighbour = await connect('reports-bench-other');
    const queries = [
      { name: 'last 60 days by week, compared with the 60 before', query: `from=${day(-59)}&to=${day(0)}&interval=week&compareFrom=${day(-119)}&compareTo=${day(-60)}` },
      { name: 'last 60 days by week', query: `from=${day(-59)}&to=${day(0)}&interval=week` },
      { name: 'last 30 days by day, compared with the 30 before', query: `from=${day(-29)}&to=${day(0)}&interval=day&compareFrom=${day(-59)}&compareTo=${day(-30)}` },
      { name: 'last 30 days by day', query: `from=${day(-29)}&to=${day(0)}&interval=day` },
    ];
    const points: ReportsBenchPoint[] = [];
    let size = 0;
    for (const target of SIZES) {
      await grow(app.db, measured.tenant.id, size, target);
      await grow(app.db, neighbour.tenant.id, Math.floor(size / 10), Math.floor(target / 10));
      size = target;
      for (const { name, query } of queries) {
        const url = `${address}/v1/reports/overview?${query}`;
        const times: number[] = [];
        for (let i = 0; i < WARMUP + REQUESTS; i++) {
          const started = performance.now();
          const response = await fetch(url, { headers: { authorization: `Bearer ${measured.apiKey}` } });
          const body = (await response.json()) as { overall?: { tickets: number } };
          if (!response.ok || !body.overall) throw new Error(`overview answered ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
          if (i >= WARMUP) times.push(performance.now() - started);
        }
        const point = { tickets: target, query: name, p50: percentile(times, 50), p95: percentile(times, 95), max: Math.max(...times) };
        points.push(point);
        log(`reports bench: ${target.toLocaleString('en')} tickets, ${name}: p95 ${point.p95.toFixed(1)} ms (p50 ${point.p50.toFixed(1)} ms)`);
      }
    }
    const largest = points.filter((point) => point.tickets === size);
    const isGoalMet = size < 1_000_000 ? null : largest.every((point) => point.p95 < GOAL_MS);
    const result = { database: describePostgresUrl(config.database.url), requests: REQUESTS, goalMs: GOAL_MS, points, isGoalMet };
    if (args.json) process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
    else for (const point of points) process.stdout.write(`${point.tickets.toLocaleString('en')} tickets · ${point.query}: p95 ${point.p95.toFixed(1)} ms, p50 ${point.p50.toFixed(1)} ms, max ${point.max.toFixed(1)} ms\n`);
    return isGoalMet === false ? 1 : 0;
  } finally {
    await app.close();
    // --keep leaves the filled database for EXPLAIN ANALYZE.
    if (!args.keep) await scratch.drop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    log(`reports bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
