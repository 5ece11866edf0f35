/**
 * The agent pipeline under load: signed Zendesk webhooks at a fixed rate against the server running
 * in this process (real HTTP on 127.0.0.1), each for a different ticket whose last message is the
 * customer's, answered by the Claude path against the local fake Anthropic API at a fixed model
 * latency, and written back into the Zendesk sandbox.
 *
 *   figure:   p95 accepted → written (job created → answer written back), and that minus the model call
 *   baseline: the model call alone (the fake's fixed latency)
 *   checks:   none lost (every accepted webhook written back exactly once, no failed job);
 *             p95 overhead beyond the model call ≤ 500 ms
 *
 *   npx tsx apps/server/bench/pipeline.ts [--rate 50] [--seconds 60] [--model-latency 300] [--concurrency 32] [--quick] [--json]
 *
 * The job worker here is the server's own (`createWorker` with the webhook handler the services
 * plugin registers) at `--concurrency`: the server's default of 2 in-flight jobs cannot keep up with
 * 50 webhooks/s when each holds a 300 ms model call (Little's law: ≥ 15 in flight). The database is
 * in-memory PGlite, or native Postgres when DATABASE_URL is set. Exits 1 when a check fails.
 */
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import type { Channel } from '@threadline/connector-core';
import { createDemoDataset, type DemoDataset, type DemoMessage } from '@threadline/connector-core/demo';
import { createSourcesRepository, ingestDocuments, type SourceDocument } from '@threadline/knowledge';
import { startFakeAnthropic } from '@threadline/knowledge/answer/testing';
import { describePostgresUrl } from '@threadline/platform/db';
import { startSandbox } from '@threadline/zendesk/sandbox';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createWorker } from '../src/jobs/worker.js';
import { QUEUES } from '../src/plugins/app/services.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string' },
    'model-latency': { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '32' },
    'drain-seconds': { type: 'string', default: '120' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const number = (name: string, value: string | undefined): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number`);
  return parsed;
};
const RATE = number('rate', args.rate);
const SECONDS = number('seconds', args.seconds ?? (args.quick ? '10' : '60'));
const MODEL_MS = number('model-latency', args['model-latency']);
const CONCURRENCY = number('concurrency', args.concurrency);
const DRAIN_MS = number('drain-seconds', args['drain-seconds']) * 1000;
const OVERHEAD_GOAL_MS = 500;
const TOTAL = Math.round(RATE * SECONDS);
const TICKETS_PER_CUSTOMER = 5;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/** The demo world plus TOTAL open tickets, each ending with a customer question, spread over customers. */
function benchDataset(): DemoDataset {
  const dataset = createDemoDataset({ generatedCustomers: 0 });
  const now = Date.now();
  const channels: Channel[] = ['email', 'chat', 'web_form', 'messaging', 'whatsapp'];
  const questions = [
    'How long does a refund take to reach my card?',
    'Can I change the delivery address of my order?',
    'Do you ship to Canada, and what does it cost?',
    'My jacket zipper broke after a week, what are my options?',
    'How do I exchange boots for a bigger size?',
  ];
  for (let c = 0; c * TICKETS_PER_CUSTOMER < TOTAL; c++) {
    const key = `bench-customer-${c}`;
    const email = `bench.customer.${c}@example.com`;
    dataset.customers.push({ key, name: `Bench Customer ${c}`, locale: 'en-US', identities: [{ type: 'email', value: email }], mergedIdentities: [], createdAt: new Date(now - 90 * 86_400_000).toISOString() });
    for (let t = 0; t < TICKETS_PER_CUSTOMER && c * TICKETS_PER_CUSTOMER + t < TOTAL; t++) {
      const index = c * TICKETS_PER_CUSTOMER + t;
      const opened = now - (TOTAL - index) * 60_000;
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

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1] as number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const dataset = benchDataset();
  const fake = await startFakeAnthropic({ latencyMs: MODEL_MS });
  const sandbox = await startSandbox({ dataset, rateLimitPerMinute: null });
  // The server's own config schema, over the environment (DATABASE_URL picks native Postgres).
  const base = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    THREADLINE_DEMO: 'off',
    EMBEDDINGS_PROVIDER: 'hash',
    ANTHROPIC_API_KEY: fake.apiKey,
    ANTHROPIC_BASE_URL: fake.url,
    SYNC_INTERVAL_MS: '0',
  });
  const config = Object.freeze({ ...base, database: base.database.driver === 'postgres' ? base.database : ({ driver: 'pglite' } as const) });
  const database = config.database.driver === 'postgres' ? describePostgresUrl(config.database.url) : 'PGlite (in memory)';
  const app = await buildApp(config, { logger: false, runWorker: false });
  const worker = createWorker({
    db: app.db,
    log: app.log,
    // The same handler the services plugin registers for the webhook queue.
    handlers: {
      [QUEUES.webhook]: async (job) => {
        const payload = job.payload as { ticketId: string | null; eventId: string };
        if (!payload.ticketId) return { status: 'skipped', reason: 'the event names no ticket' };
        return app.agent.handleTicketEvent({ tenantId: job.tenantId, ticketExternalId: payload.ticketId, eventId: payload.eventId, trigger: 'webhook' });
      },
    },
    concurrency: CONCURRENCY,
    pollMs: 200,
  });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const slug = `bench-${Date.now().toString(36)}`;
    const { tenant } = await provisionTenant(app.db, {
      slug,
      name: 'Pipeline bench',
      baseUrl: sandbox.url,
      credentials: { kind: 'zendesk', auth: sandbox.credentials.auth as { type: 'token'; email: string; token: string } },
      webhookSecret: sandbox.webhook.secret,
    });
    // A knowledge base like a real tenant's: the demo help center, through the real ingestion path.
    const source = await createSourcesRepository(app.db).create({ tenantId: tenant.id, kind: 'helpdesk_articles', name: 'Help center' });
    const articles: SourceDocument[] = dataset.articles.map((article) => ({
      externalId: article.key,
      title: article.title,
      url: null,
      locale: article.locale,
      visibility: 'public',
      updatedAt: article.updatedAt,
      sectionPath: [article.category, article.section],
      markdown: article.bodyHtml.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim(),
    }));
    await ingestDocuments({ db: app.db, tenantId: tenant.id, sourceId: source.id, documents: (async function* () { yield* articles; })(), embedder: app.embedder });
    worker.start();

    const target = `http://127.0.0.1:${port}/v1/webhooks/zendesk/${slug}`;
    const ticketIds = dataset.tickets.filter((ticket) => ticket.key.startsWith('bench-')).map((ticket) => sandbox.ids.ticket(ticket.key));
    log(`pipeline bench: ${TOTAL} webhooks at ${RATE}/s for ${SECONDS} s, model ${MODEL_MS} ms, worker concurrency ${CONCURRENCY}, ${database}`);

    // Open loop: webhook i leaves at start + i / rate whatever happened to the earlier ones.
    const start = performance.now();
    const sends: Array<Promise<{ status: number }>> = [];
    for (let index = 0; index < TOTAL; index++) {
      const due = start + (index * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      sends.push(
        sandbox.sendWebhook(target, ticketIds[index] as string).then((response) => {
          // The server nudges its worker on every enqueue; this worker lives outside the app, so the sender does.
          worker.nudge();
          return response;
        }),
      );
    }
    const responses = await Promise.all(sends);
    const sendSeconds = (performance.now() - start) / 1000;
    const accepted = responses.filter((response) => response.status === 202).length;
    log(`sent ${TOTAL} in ${sendSeconds.toFixed(1)} s, ${accepted} accepted; draining…`);

    const deadline = Date.now() + DRAIN_MS;
    let written = 0;
    for (;;) {
      const { rows } = await app.db.query<{ written: number; open: number }>(
        `select (select count(*) from answers where tenant_id = $1 and writeback_status = 'written')::int as written,
                (select count(*) from jobs where tenant_id = $1 and status in ('queued', 'running'))::int as open`,
        [tenant.id],
      );
      written = rows[0]?.written ?? 0;
      if ((rows[0]?.open ?? 1) === 0 || Date.now() > deadline) break;
      await sleep(250);
    }
    await worker.stop();

    const { rows } = await app.db.query<{ status: string; e2e_ms: number | null; timings: Record<string, number> | null; action: string | null; result: unknown; last_error: string | null; ticket_id: string }>(
      `select j.status, extract(epoch from (a.written_at - j.created_at)) * 1000 as e2e_ms, a.timings, a.action, j.result, j.last_error, j.payload->>'ticketId' as ticket_id
         from jobs j
         left join answers a on a.tenant_id = j.tenant_id and a.idempotency_key = 'event:' || (j.payload->>'eventId')
        where j.tenant_id = $1 and j.queue = $2`,
      [tenant.id, QUEUES.webhook],
    );
    const unwritten = rows.filter((row) => row.e2e_ms === null);
    for (const row of unwritten.slice(0, 5)) log(`not written: ticket ${row.ticket_id}, job ${row.status}, result ${JSON.stringify(row.result)}, error ${row.last_error ?? '—'}`);
    const e2e = rows.flatMap((row) => (row.e2e_ms === null ? [] : [Number(row.e2e_ms)]));
    const failed = rows.filter((row) => row.status === 'failed').length;
    const lost = accepted - written;
    const stage = (name: string) => rows.flatMap((row) => (row.timings && typeof row.timings[name] === 'number' ? [row.timings[name] as number] : []));
    const p95 = percentile(e2e, 95);
    const overheadP95 = p95 - MODEL_MS;
    const result = {
      bench: 'pipeline',
      machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version },
      database,
      rate: RATE,
      seconds: SECONDS,
      modelLatencyMs: MODEL_MS,
      concurrency: CONCURRENCY,
      sent: TOTAL,
      sendSeconds,
      accepted,
      jobs: rows.length,
      written,
      failed,
      lost,
      modelCalls: fake.requests.length,
      e2eMs: { p50: percentile(e2e, 50), p95, max: Math.max(...e2e) },
      overheadMs: { p50: percentile(e2e, 50) - MODEL_MS, p95: overheadP95 },
      stagesMs: Object.fromEntries(['syncMs', 'retrieveMs', 'answerMs', 'writeMs'].map((name) => [name, { p50: percentile(stage(name), 50), p95: percentile(stage(name), 95) }])),
      actions: rows.reduce<Record<string, number>>((counts, row) => ({ ...counts, [row.action ?? 'none']: (counts[row.action ?? 'none'] ?? 0) + 1 }), {}),
      goals: { noneLost: lost === 0 && failed === 0 && written === TOTAL, overheadP95Ms: OVERHEAD_GOAL_MS, isOverheadMet: overheadP95 <= OVERHEAD_GOAL_MS },
    };
    if (args.json) process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        [
          `pipeline: ${TOTAL} webhooks at ${RATE}/s, model ${MODEL_MS} ms (fake Anthropic), worker concurrency ${CONCURRENCY}, ${database}`,
          `accepted ${accepted}, written ${written}, failed ${failed}, lost ${lost} → ${result.goals.noneLost ? 'none lost' : 'LOST'}`,
          `accepted → written: p50 ${result.e2eMs.p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms; baseline (model call alone) ${MODEL_MS} ms; ratio ${(p95 / MODEL_MS).toFixed(2)}×`,
          `overhead beyond the model call: p95 ${overheadP95.toFixed(0)} ms (goal ≤ ${OVERHEAD_GOAL_MS} ms: ${result.goals.isOverheadMet ? 'met' : 'MISSED'})`,
          `stages p50/p95: ${Object.entries(result.stagesMs).map(([name, value]) => `${name} ${value.p50.toFixed(0)}/${value.p95.toFixed(0)}`).join(', ')}`,
        ].join('\n') + '\n',
      );
    }
    return result.goals.noneLost && result.goals.isOverheadMet ? 0 : 1;
  } finally {
    await worker.stop();
    await app.close();
    await sandbox.close();
    await fake.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pipeline bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
