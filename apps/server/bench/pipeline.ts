/**
 * The agent pipeline under load: signed Zendesk webhooks at a fixed rate against the server running
 * in this process (real HTTP on 127.0.0.1), each for a different ticket whose last message is the
 * customer's, answered by the Claude path against the local fake Anthropic API at a fixed model
 * latency, and written back into the Zendesk sandbox. The sandbox and the fake run in a child
 * process, as the real services run elsewhere, so they do not take CPU from the server measured.
 *
 *   figure:   p95 accepted → written (job created → answer written back), and that minus the model call
 *   baseline: the model call alone (the fake's fixed latency)
 *   checks:   none lost (every accepted webhook written back exactly once, no failed job);
 *             p95 overhead beyond the model call ≤ 500 ms
 *
 *   npx tsx apps/server/bench/pipeline.ts [--rate 50] [--seconds 60] [--model-latency 300] [--concurrency 32] [--quick] [--json]
 *        [--cpu-profile load.cpuprofile]
 *
 * The job worker is the server's own, run with WORKER_CONCURRENCY = `--concurrency`: 50 webhooks/s
 * that each hold a 300 ms model call need at least 15 in flight (Little's law), more than the
 * default of 8. The database is in-memory PGlite, or native Postgres when DATABASE_URL is set.
 * Exits 1 when a check fails.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus, totalmem } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { performance as nodePerformance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Channel } from '@threadline/connector-core';
import { createDemoDataset, type DemoDataset, type DemoMessage } from '@threadline/connector-core/demo';
import { createSourcesRepository, ingestDocuments, type SourceDocument } from '@threadline/knowledge';
import { startFakeAnthropic } from '@threadline/knowledge/answer/testing';
import { describePostgresUrl, openDb } from '@threadline/platform/db';
import { startSandbox } from '@threadline/zendesk/sandbox';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
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
    'cpu-profile': { type: 'string' },
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

/** What the helpdesk and model process tells the bench once they listen. */
interface Externals {
  sandboxUrl: string;
  auth: { type: 'token'; email: string; token: string };
  webhookSecret: string;
  ticketIds: string[];
  anthropicUrl: string;
  anthropicKey: string;
}

/**
 * The helpdesk sandbox and the fake Anthropic API run in a child process, as the real ones run on
 * other machines: in this process they would take CPU from the server being measured.
 */
async function runExternals(): Promise<void> {
  const dataset = benchDataset();
  const fake = await startFakeAnthropic({ latencyMs: MODEL_MS });
  const sandbox = await startSandbox({ dataset, rateLimitPerMinute: null });
  const send = (message: unknown) => process.send?.(message);
  process.on('message', async (message: { type: string; targetUrl?: string; ticketId?: string; id: number }) => {
    if (message.type === 'webhook') {
      const response = await sandbox.sendWebhook(message.targetUrl as string, message.ticketId as string).catch(() => ({ status: 0 }));
      send({ id: message.id, status: response.status });
    } else if (message.type === 'stats') send({ id: message.id, modelCalls: fake.requests.length });
    else if (message.type === 'stop') {
      await sandbox.close();
      await fake.close();
      process.disconnect();
    }
  });
  const externals: Externals = {
    sandboxUrl: sandbox.url,
    auth: sandbox.credentials.auth as Externals['auth'],
    webhookSecret: sandbox.webhook.secret,
    ticketIds: dataset.tickets.filter((ticket) => ticket.key.startsWith('bench-')).map((ticket) => sandbox.ids.ticket(ticket.key)),
    anthropicUrl: fake.url,
    anthropicKey: fake.apiKey,
  };
  send({ id: 0, externals });
}

/**
 * Samples this process's CPU over the load window only (`node --cpu-prof` covers start-up and the
 * knowledge ingestion too); `profile-summary.ts` reads the file it writes.
 */
async function startProfiler(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
      log(`CPU profile of the load window: ${file} (npx tsx apps/server/bench/profile-summary.ts ${file} --events ${TOTAL})`);
    },
  };
}

async function createScratchDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const parsed = new URL(url);
  const name = `${parsed.pathname.replace(/^\//, '') || 'postgres'}_pipeline_bench`;
  const admin = async (sql: string) => {
    const db = await openDb({ driver: 'postgres', url, maxConnections: 1 });
    try {
      await db.exec(sql);
    } finally {
      await db.close();
    }
  };
  await admin(`drop database if exists "${name}" with (force)`);
  await admin(`create database "${name}"`);
  parsed.pathname = `/${name}`;
  return { url: parsed.toString(), drop: () => admin(`drop database if exists "${name}" with (force)`) };
}

function startExternals(): { child: ChildProcess; ready: Promise<Externals>; request<T>(message: Record<string, unknown>): Promise<T> } {
  const child = fork(process.argv[1] as string, process.argv.slice(2), { env: { ...process.env, PIPELINE_BENCH_ROLE: 'externals' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
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

async function main(): Promise<number> {
  const dataset = benchDataset();
  const externalsProcess = startExternals();
  const externals = await externalsProcess.ready;
  // The server's own config schema, over the environment (DATABASE_URL picks native Postgres).
  const base = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    THREADLINE_DEMO: 'off',
    EMBEDDINGS_PROVIDER: 'hash',
    ANTHROPIC_API_KEY: externals.anthropicKey,
    ANTHROPIC_BASE_URL: externals.anthropicUrl,
    SYNC_INTERVAL_MS: '0',
    WORKER_CONCURRENCY: String(CONCURRENCY),
  });
  // A database of its own, created empty and dropped after, so a run does not depend on earlier ones.
  const scratch = base.database.driver === 'postgres' ? await createScratchDatabase(base.database.url) : null;
  const config = Object.freeze({ ...base, database: scratch ? { ...base.database, url: scratch.url } : ({ driver: 'pglite' } as const) });
  const database = config.database.driver === 'postgres' ? describePostgresUrl(config.database.url) : 'PGlite (in memory)';
  // The server as it runs in production: its own worker, sized by WORKER_CONCURRENCY.
  const app = await buildApp(config, { logger: false });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const slug = `bench-${Date.now().toString(36)}`;
    const { tenant } = await provisionTenant(app.db, app.secrets, {
      slug,
      name: 'Pipeline bench',
      baseUrl: externals.sandboxUrl,
      credentials: { kind: 'zendesk', auth: externals.auth },
      webhookSecret: externals.webhookSecret,
      // The seeded questions stand for messages arriving during the run, not history.
      answerMessagesSince: new Date(0),
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

    const target = `http://127.0.0.1:${port}/v1/webhooks/zendesk/${slug}`;
    const ticketIds = externals.ticketIds;
    log(`pipeline bench: ${TOTAL} webhooks at ${RATE}/s for ${SECONDS} s, model ${MODEL_MS} ms, worker concurrency ${CONCURRENCY}, ${database}`);

    // Open loop: webhook i leaves at start + i / rate whatever happened to the earlier ones.
    const profiler = args['cpu-profile'] ? await startProfiler() : null;
    const start = performance.now();
    const cpuAtStart = process.cpuUsage();
    const loopAtStart = nodePerformance.eventLoopUtilization();
    const sends: Array<Promise<{ status: number }>> = [];
    for (let index = 0; index < TOTAL; index++) {
      const due = start + (index * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      sends.push(externalsProcess.request<{ status: number }>({ type: 'webhook', targetUrl: target, ticketId: ticketIds[index] }));
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
    const cpu = process.cpuUsage(cpuAtStart);
    const loop = nodePerformance.eventLoopUtilization(loopAtStart);
    if (profiler) await profiler.stop(args['cpu-profile'] as string);
    await app.jobs.worker.stop();

    const { rows } = await app.db.query<{ status: string; e2e_ms: number | null; timings: Record<string, number> | null; action: string | null; result: unknown; last_error: string | null; ticket_id: string }>(
      `select j.status, extract(epoch from (a.written_at - j.created_at)) * 1000 as e2e_ms, a.timings, a.action, j.result, j.last_error, j.payload->>'ticketId' as ticket_id
         from jobs j
         left join answers a on a.tenant_id = j.tenant_id and a.ticket_external_id = j.payload->>'ticketId' and a.trigger = 'webhook'
        where j.tenant_id = $1 and j.queue = $2`,
      [tenant.id, QUEUES.webhook],
    );
    const unwritten = rows.filter((row) => row.e2e_ms === null);
    for (const row of unwritten.slice(0, 5)) log(`not written: ticket ${row.ticket_id}, job ${row.status}, result ${JSON.stringify(row.result)}, error ${row.last_error ?? '—'}`);
    const e2e = rows.flatMap((row) => (row.e2e_ms === null ? [] : [Number(row.e2e_ms)]));
    const failed = rows.filter((row) => row.status === 'failed').length;
    const lost = accepted - written;
    const stage = (name: string) => rows.flatMap((row) => (row.timings && typeof row.timings[name] === 'number' ? [row.timings[name] as number] : []));
    const other = rows.flatMap((row) =>
      row.e2e_ms === null || !row.timings ? [] : [Number(row.e2e_ms) - ['syncMs', 'retrieveMs', 'answerMs', 'writeMs'].reduce((sum, name) => sum + (row.timings?.[name] ?? 0), 0)],
    );
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
      modelCalls: (await externalsProcess.request<{ modelCalls: number }>({ type: 'stats' })).modelCalls,
      // The server process only (the helpdesk and model run in another): CPU per event and how busy its event loop was.
      serverCpuMsPerEvent: (cpu.user + cpu.system) / 1000 / Math.max(1, written),
      eventLoopUtilization: loop.utilization,
      e2eMs: { p50: percentile(e2e, 50), p95, max: Math.max(...e2e) },
      overheadMs: { p50: percentile(e2e, 50) - MODEL_MS, p95: overheadP95 },
      stagesMs: {
        ...Object.fromEntries(['syncMs', 'retrieveMs', 'answerMs', 'writeMs'].map((name) => [name, { p50: percentile(stage(name), 50), p95: percentile(stage(name), 95) }])),
        // Queued until a worker claimed it, plus the bookkeeping between stages.
        otherMs: { p50: percentile(other, 50), p95: percentile(other, 95) },
      },
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
          `server process: ${result.serverCpuMsPerEvent.toFixed(1)} ms CPU per event, event loop ${(result.eventLoopUtilization * 100).toFixed(0)}% busy`,
          `stages p50/p95: ${Object.entries(result.stagesMs).map(([name, value]) => `${name} ${value.p50.toFixed(0)}/${value.p95.toFixed(0)}`).join(', ')}`,
        ].join('\n') + '\n',
      );
    }
    return result.goals.noneLost && result.goals.isOverheadMet ? 0 : 1;
  } finally {
    await app.close();
    await scratch?.drop();
    if (externalsProcess.child.connected) {
      externalsProcess.child.send({ type: 'stop' });
      await once(externalsProcess.child, 'exit');
    }
  }
}

if (process.env.PIPELINE_BENCH_ROLE === 'externals') {
  runExternals().catch((error: unknown) => {
    process.stderr.write(`pipeline bench: the sandbox process failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
} else main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pipeline bench failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
