/**
 * The agent pipeline under load: signed Zendesk webhooks at a fixed rate against the server running
 * in this process (real HTTP on 127.0.0.1), each for a different ticket whose last message is the
 * customer's, answered by the Claude path against the local fake Anthropic API at a fixed model
 * latency, and written back into the Zendesk sandbox. The sandboxes and the fake run in a child
 * process (pipeline-externals.ts), as the real services run elsewhere, so they do not take CPU from
 * the server measured.
 *
 *   figure:   p95 accepted → written (job created → answer written back), and that minus the model call;
 *             the server's CPU and event-loop time per event, and helpdesk requests per answered event
 *   baseline: the model call alone (the fake's fixed latency)
 *   checks:   none lost (every accepted webhook written back exactly once, no failed job);
 *             p95 overhead beyond the model call ≤ 500 ms
 *   headroom: a step-up over `--steps` rates, a few seconds each, stopping at the first that misses
 *             the goal or loses an event: the highest rate sustained within 500 ms p95
 *   plan:     against a sandbox with a Zendesk plan's rate limits (`--plan`, default Suite
 *             Professional: 400 requests/min, Update Ticket 100/min): the sustainable events per
 *             minute (the budget over the requests an event costs), run at that rate with none
 *             lost and no 429; the same for Freshdesk (`--freshdesk-plan`, default Pro: 400
 *             credits/min, Ticket Update 160/min), its credits per event measured first on an
 *             unlimited Freshdesk sandbox
 *   embedder: the local model (`--embedder local`, the product's default) in its worker thread:
 *             the query embedding's model time per event is reported apart from the server's
 *             event loop; `--embedder hash` leaves it out
 *
 *   npx tsx apps/server/bench/pipeline.ts [--rate 50] [--seconds 60] [--steps 10,25,50,75] [--step-seconds 15]
 *        [--plan suite-professional|none] [--freshdesk-plan pro|none] [--plan-seconds 60] [--model-latency 300]
 *        [--concurrency 32] [--embedder local|hash]
 *        [--quick] [--json] [--cpu-profile load.cpuprofile] [--sql-stats]
 *
 * The job worker is the server's own, run with WORKER_CONCURRENCY = `--concurrency`: 50 webhooks/s
 * that each hold a 300 ms model call need at least 15 in flight (Little's law), more than the
 * default of 8. The database is PGlite in a new data folder as `pnpm start` runs it (its thread set by
 * THREADLINE_PGLITE_THREAD: its CPU counts in the process's either way, its event loop only inline), or native Postgres (DATABASE_URL).
 * `--cpu-profile` samples the main run's load window; apps/server/bench/profile-summary.ts reads it.
 * `--sql-stats` counts the main run's SQL statements per event, by statement (bench/sql-stats.ts).
 * Exits 1 when a check fails.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { HttpStats } from '@threadline/connector-core/http';
import { createSourcesRepository, ingestDocuments, type LocalEmbedder, type SourceDocument } from '@threadline/knowledge';
import { describePostgresUrl } from '@threadline/platform/db';
import type { ZendeskPlan } from '@threadline/zendesk/sandbox';
import type { FreshdeskPlan } from '@threadline/freshdesk/sandbox';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { benchDataset, requestsByEndpointOver, runExternals, startExternals, type Externals, type SandboxName } from './pipeline-externals.js';
import { OVERHEAD_GOAL_MS, runPhase, type PhaseResult } from './pipeline-phase.js';
import { createScratchDatabase } from './scratch-database.js';
import { countSqlStatements, formatSqlStats } from './sql-stats.js';

const { values: args } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string' },
    steps: { type: 'string' },
    'step-seconds': { type: 'string' },
    plan: { type: 'string', default: 'suite-professional' },
    'freshdesk-plan': { type: 'string', default: 'pro' },
    embedder: { type: 'string', default: 'local' },
    'plan-seconds': { type: 'string' },
    'model-latency': { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '32' },
    'drain-seconds': { type: 'string', default: '120' },
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'cpu-profile': { type: 'string' },
    'sql-stats': { type: 'boolean', default: false },
  },
});
const number = (name: string, value: string | undefined): number => {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new Error(`--${name} must be a positive number`);
  return parsed;
};
const RATE = number('rate', args.rate);
const SECONDS = number('seconds', args.seconds ?? (args.quick ? '10' : '60'));
const STEPS = (args.steps ?? (args.quick ? '10,25,50' : '10,25,50,75')).split(',').map((value) => number('steps', value)).sort((a, b) => a - b);
const STEP_SECONDS = number('step-seconds', args['step-seconds'] ?? (args.quick ? '4' : '15'));
const PLAN = args.plan === 'none' ? null : (args.plan as ZendeskPlan);
const FRESHDESK_PLAN = args['freshdesk-plan'] === 'none' ? null : (args['freshdesk-plan'] as FreshdeskPlan);
if (args.embedder !== 'local' && args.embedder !== 'hash') throw new Error('--embedder must be local or hash');
const EMBEDDER = args.embedder;
/** Events of the unlimited Freshdesk run that measures what an event costs in credits. */
const FRESHDESK_CALIBRATION = 20;
const PLAN_SECONDS = number('plan-seconds', args['plan-seconds'] ?? (args.quick ? '20' : '60'));
const MODEL_MS = number('model-latency', args['model-latency']);
const CONCURRENCY = number('concurrency', args.concurrency);
const DRAIN_MS = number('drain-seconds', args['drain-seconds']) * 1000;
const MAIN_TICKETS = Math.round(RATE * SECONDS);
const STEP_TICKETS = STEPS.map((rate) => Math.round(rate * STEP_SECONDS));
// The plan run needs at most one event per request the plan allows in its time (every event costs at least one).
const PLAN_TICKETS = PLAN || FRESHDESK_PLAN ? Math.ceil((700 * PLAN_SECONDS) / 60) : 0;
const TICKETS = MAIN_TICKETS + STEP_TICKETS.reduce((sum, count) => sum + count, 0) + PLAN_TICKETS;

const log = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * Samples this process's CPU over the main run's load window only (`node --cpu-prof` covers
 * start-up and the knowledge ingestion too); `profile-summary.ts` reads the file it writes.
 */
async function startProfiler(): Promise<{ stop(file: string, events: number): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file, events) {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(file, JSON.stringify(profile));
      session.disconnect();
      log(`CPU profile of the load window: ${file} (npx tsx apps/server/bench/profile-summary.ts ${file} --events ${events})`);
    },
  };
}

/** The sustainable events per minute of a plan: its budgets over what an event draws from each. */
export function sustainableEventsPerMinute(plan: Externals['plan'], cost: { requestsPerEvent: number; ticketUpdatesPerEvent: number }) {
  const byRequests = plan.requestsPerMinute / Math.max(cost.requestsPerEvent, 1e-9);
  const byUpdates = plan.ticketUpdatesPerMinute / Math.max(cost.ticketUpdatesPerEvent, 1e-9);
  return { eventsPerMinute: Math.floor(Math.min(byRequests, byUpdates)), bound: byUpdates < byRequests ? 'Update Ticket' : 'requests' } as const;
}

/** Freshdesk's: its credits over an event's, its Ticket Update cap over the escalations' updates. */
export function sustainableFreshdeskEventsPerMinute(plan: Externals['freshdeskPlan'], cost: { creditsPerEvent: number; ticketUpdatesPerEvent: number }) {
  const byCredits = plan.creditsPerMinute / Math.max(cost.creditsPerEvent, 1e-9);
  const byUpdates = plan.ticketUpdatesPerMinute / Math.max(cost.ticketUpdatesPerEvent, 1e-9);
  return { eventsPerMinute: Math.floor(Math.min(byCredits, byUpdates)), bound: byUpdates < byCredits ? 'Ticket Update' : 'credits' } as const;
}

/**
 * Freshdesk's Ticket Update calls per event: only an escalation's routing is an update; the note or
 * reply has endpoints of its own.
 */
const freshdeskUpdatesPerEvent = (phase: PhaseResult) => {
  const events = Object.values(phase.actions).reduce((sum, count) => sum + count, 0);
  return events === 0 ? 0 : (phase.actions.escalate ?? 0) / events;
};

/** Ticket updates an answer costs in Zendesk: the note or reply, and for an escalation the routing first. */
const ticketUpdatesPerEvent = (phase: PhaseResult) => {
  const events = Object.values(phase.actions).reduce((sum, count) => sum + count, 0);
  return events === 0 ? 1 : (events + (phase.actions.escalate ?? 0)) / events;
};

async function main(): Promise<number> {
  const dataset = benchDataset(TICKETS);
  const externalsProcess = startExternals({ PIPELINE_BENCH_ROLE: 'externals', PIPELINE_BENCH_TICKETS: String(TICKETS) });
  const externals = await externalsProcess.ready;
  // The server's own config schema, over the environment (DATABASE_URL picks native Postgres).
  const base = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    THREADLINE_DEMO: 'off',
    EMBEDDINGS_PROVIDER: EMBEDDER,
    ANTHROPIC_API_KEY: externals.anthropicKey,
    ANTHROPIC_BASE_URL: externals.anthropicUrl,
    SYNC_INTERVAL_MS: '0',
    WORKER_CONCURRENCY: String(CONCURRENCY),
  });
  // A database of its own, created empty and dropped after, so a run does not depend on earlier ones.
  const scratch = base.database.driver === 'postgres' ? await createScratchDatabase(base.database.url, 'pipeline_bench') : null;
  const pgliteDir = scratch ? null : mkdtempSync(join(tmpdir(), 'tl-pipeline-bench-'));
  const config = Object.freeze({ ...base, database: scratch ? { ...base.database, url: scratch.url } : { ...base.database, dataDir: join(pgliteDir ?? '', 'pgdata') } });
  const database = config.database.driver === 'postgres' ? describePostgresUrl(config.database.url) : `PGlite in a data folder (${config.database.thread === 'inline' ? "the server's thread" : 'worker thread'})`;
  // The server as it runs in production: its own worker, sized by WORKER_CONCURRENCY.
  const app = await buildApp(config, { logger: false });
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // A knowledge base like a real tenant's: the demo help center, through the real ingestion path.
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
    /** A tenant connected to one of the sandboxes, with its knowledge, and how to drive a phase against it. */
    const connect = async (sandbox: SandboxName) => {
      const helpdesk = externals.sandboxes[sandbox];
      // Slugs are lower case: `freshdeskOpen` → `bench-freshdeskopen-…`.
      const slug = `bench-${sandbox.toLowerCase()}-${Date.now().toString(36)}`;
      const { tenant } = await provisionTenant(app.db, app.secrets, {
        slug,
        name: `Pipeline bench (${sandbox})`,
        baseUrl: helpdesk.url,
        credentials: helpdesk.credentials,
        webhookSecret: helpdesk.webhookSecret,
        // The seeded questions stand for messages arriving during the run, not history.
        answerMessagesSince: new Date(0),
      });
      const source = await createSourcesRepository(app.db).create({ tenantId: tenant.id, kind: 'helpdesk_articles', name: 'Help center' });
      await ingestDocuments({ db: app.db, tenantId: tenant.id, sourceId: source.id, documents: (async function* () { yield* articles; })(), embedder: app.embedder });
      // The connector is the tenant's one (cached by the registry): its counters are the tenant's requests.
      const { connector } = await app.helpdesks.forTenant(tenant.id);
      const helpdeskStats = () => (connector as unknown as { stats: HttpStats }).stats;
      return (rate: number, ticketIds: readonly string[]) =>
        runPhase({
          db: app.db,
          tenantId: tenant.id,
          target: `http://127.0.0.1:${port}/v1/webhooks/${helpdesk.vendor}/${slug}`,
          ticketIds,
          rate,
          modelMs: MODEL_MS,
          drainMs: DRAIN_MS,
          helpdeskStats,
          send: (targetUrl, ticketId) => externalsProcess.request<{ status: number }>({ type: 'webhook', sandbox, targetUrl, ticketId }),
          ...(embedderUsage ? { embedderUsage } : {}),
          log,
        });
    };
    const local = EMBEDDER === 'local' ? (app.embedder as LocalEmbedder) : null;
    const embedderUsage = local ? () => local.usage() : undefined;
    const open = await connect('open');
    // Each phase answers tickets of its own: a ticket already answered would be skipped, not measured.
    let next = 0;
    const take = (count: number, sandbox: SandboxName) => externals.sandboxes[sandbox].ticketIds.slice(next, (next += count));

    log(`pipeline bench: ${MAIN_TICKETS} webhooks at ${RATE}/s for ${SECONDS} s, model ${MODEL_MS} ms, worker concurrency ${CONCURRENCY}, ${database}`);
    const profiler = args['cpu-profile'] ? await startProfiler() : null;
    const sqlStats = args['sql-stats'] ? countSqlStatements(app.db) : null;
    sqlStats?.start();
    const main = await requestsByEndpointOver(externalsProcess, 'open', () => open(RATE, take(MAIN_TICKETS, 'open')), log);
    if (profiler) await profiler.stop(args['cpu-profile'] as string, main.written);
    if (sqlStats) {
      const stats = sqlStats.stop();
      await sqlStats.replay(stats.byStatement, 20);
      log(formatSqlStats(stats, main.written, stats.byStatement.length));
    }

    // The step-up: the highest rate that keeps the goal, each step on fresh tickets.
    const steps: PhaseResult[] = [];
    for (const [index, rate] of STEPS.entries()) {
      log(`step-up: ${rate}/s for ${STEP_SECONDS} s`);
      const step = await open(rate, take(STEP_TICKETS[index] as number, 'open'));
      steps.push(step);
      if (!step.noneLost || !step.isOverheadMet) break;
    }
    const sustained = steps.filter((step) => step.noneLost && step.isOverheadMet).at(-1)?.rate ?? 0;

    // The plan: what its budget allows, run at that rate against the rate-limited sandbox.
    let plan: (ReturnType<typeof sustainableEventsPerMinute> & { name: ZendeskPlan; requestsPerMinute: number; ticketUpdatesPerMinute: number; run: PhaseResult }) | null = null;
    if (PLAN) {
      const sustainable = sustainableEventsPerMinute(externals.plan, { requestsPerEvent: main.helpdesk.requestsPerEvent, ticketUpdatesPerEvent: ticketUpdatesPerEvent(main) });
      const limited = await connect('limited');
      const tickets = Math.max(1, Math.round((sustainable.eventsPerMinute * PLAN_SECONDS) / 60));
      log(`plan ${externals.plan.name}: ${sustainable.eventsPerMinute} events/min sustainable (bound: ${sustainable.bound}); ${tickets} webhooks over ${PLAN_SECONDS} s`);
      // The limited sandbox is a world of its own: its tickets are all unanswered.
      const run = await limited(sustainable.eventsPerMinute / 60, externals.sandboxes.limited.ticketIds.slice(0, Math.min(tickets, TICKETS)));
      plan = { ...externals.plan, ...sustainable, run };
    }
    // Freshdesk's plan: what an event costs in credits first, on an unlimited sandbox, then that rate on the limited one.
    let freshdeskPlan: (ReturnType<typeof sustainableFreshdeskEventsPerMinute> & Externals['freshdeskPlan'] & { creditsPerEvent: number; run: PhaseResult }) | null = null;
    if (FRESHDESK_PLAN) {
      const calibrate = await connect('freshdeskOpen');
      const calibration = await calibrate(5, externals.sandboxes.freshdeskOpen.ticketIds.slice(0, FRESHDESK_CALIBRATION));
      const cost = { creditsPerEvent: calibration.helpdesk.creditsPerEvent, ticketUpdatesPerEvent: freshdeskUpdatesPerEvent(calibration) };
      const sustainable = sustainableFreshdeskEventsPerMinute(externals.freshdeskPlan, cost);
      const limited = await connect('freshdeskLimited');
      const tickets = Math.max(1, Math.round((sustainable.eventsPerMinute * PLAN_SECONDS) / 60));
      log(`Freshdesk plan ${externals.freshdeskPlan.name}: ${cost.creditsPerEvent.toFixed(2)} credits per event → ${sustainable.eventsPerMinute} events/min sustainable (bound: ${sustainable.bound}); ${tickets} webhooks over ${PLAN_SECONDS} s`);
      const run = await limited(sustainable.eventsPerMinute / 60, externals.sandboxes.freshdeskLimited.ticketIds.slice(0, Math.min(tickets, TICKETS)));
      freshdeskPlan = { ...externals.freshdeskPlan, ...sustainable, creditsPerEvent: cost.creditsPerEvent, run };
    }
    await app.jobs.worker.stop();

    const result = {
      bench: 'pipeline',
      machine: { cpus: cpus().length, memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version },
      database,
      rate: RATE,
      seconds: SECONDS,
      modelLatencyMs: MODEL_MS,
      concurrency: CONCURRENCY,
      sent: main.sent,
      sendSeconds: main.sendSeconds,
      accepted: main.accepted,
      jobs: main.jobs,
      written: main.written,
      failed: main.failed,
      lost: main.lost,
      modelCalls: (await externalsProcess.request<{ modelCalls: number }>({ type: 'stats' })).modelCalls,
      // The server process only (the helpdesk and model run in another): CPU and event-loop time per event.
      embedder: EMBEDDER,
      serverCpuMsPerEvent: main.cpuMsPerEvent,
      // The query embedding apart: its model time in the worker thread, and the CPU beside it.
      queryEmbedding: main.queryEmbedding,
      cpuMsBesideEmbeddingPerEvent: main.cpuMsBesideEmbeddingPerEvent,
      eventLoopMsPerEvent: main.eventLoopMsPerEvent,
      eventLoopUtilization: main.eventLoopUtilization, mainThreadCpuMsPerEvent: main.mainThreadCpuMsPerEvent,
      helpdeskRequestsPerEvent: main.helpdesk.requestsPerEvent,
      e2eMs: main.e2eMs,
      overheadMs: main.overheadMs,
      stagesMs: main.stagesMs,
      actions: main.actions,
      steps: steps.map((step) => ({ rate: step.rate, sent: step.sent, p95Ms: step.e2eMs.p95, overheadP95Ms: step.overheadMs.p95, cpuMsPerEvent: step.cpuMsPerEvent, queryEmbeddingMsPerEvent: step.queryEmbedding?.msPerEvent ?? null, eventLoopMsPerEvent: step.eventLoopMsPerEvent, noneLost: step.noneLost, isOverheadMet: step.isOverheadMet })),
      sustainedRate: sustained,
      plan: plan && {
        name: plan.name,
        requestsPerMinute: plan.requestsPerMinute,
        ticketUpdatesPerMinute: plan.ticketUpdatesPerMinute,
        sustainableEventsPerMinute: plan.eventsPerMinute,
        bound: plan.bound,
        sent: plan.run.sent,
        written: plan.run.written,
        lost: plan.run.lost,
        rateLimited: plan.run.helpdesk.rateLimited,
        requestsPerEvent: plan.run.helpdesk.requestsPerEvent,
        achievedEventsPerMinute: (plan.run.written / plan.run.wallSeconds) * 60,
        p95Ms: plan.run.e2eMs.p95,
        noneLost: plan.run.noneLost,
      },
      freshdeskPlan: freshdeskPlan && {
        name: freshdeskPlan.name,
        creditsPerMinute: freshdeskPlan.creditsPerMinute,
        ticketUpdatesPerMinute: freshdeskPlan.ticketUpdatesPerMinute,
        creditsPerEvent: freshdeskPlan.creditsPerEvent,
        sustainableEventsPerMinute: freshdeskPlan.eventsPerMinute,
        bound: freshdeskPlan.bound,
        sent: freshdeskPlan.run.sent,
        written: freshdeskPlan.run.written,
        lost: freshdeskPlan.run.lost,
        rateLimited: freshdeskPlan.run.helpdesk.rateLimited,
        achievedEventsPerMinute: (freshdeskPlan.run.written / freshdeskPlan.run.wallSeconds) * 60,
        p95Ms: freshdeskPlan.run.e2eMs.p95,
        noneLost: freshdeskPlan.run.noneLost,
      },
      goals: {
        noneLost: main.noneLost && steps.every((step) => step.noneLost || !step.isOverheadMet) && (plan === null || (plan.run.noneLost && plan.run.helpdesk.rateLimited === 0)) &&
          (freshdeskPlan === null || (freshdeskPlan.run.noneLost && freshdeskPlan.run.helpdesk.rateLimited === 0)),
        overheadP95Ms: OVERHEAD_GOAL_MS,
        isOverheadMet: main.isOverheadMet,
      },
    };
    if (args.json) process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
    else {
      const p95 = main.e2eMs.p95;
      process.stdout.write(
        [
          `pipeline: ${main.sent} webhooks at ${RATE}/s, model ${MODEL_MS} ms (fake Anthropic), worker concurrency ${CONCURRENCY}, ${database}`,
          `accepted ${main.accepted}, written ${main.written}, failed ${main.failed}, lost ${main.lost} → ${main.noneLost ? 'none lost' : 'LOST'}`,
          `accepted → written: p50 ${main.e2eMs.p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms; baseline (model call alone) ${MODEL_MS} ms; ratio ${(p95 / MODEL_MS).toFixed(2)}×`,
          `overhead beyond the model call: p95 ${main.overheadMs.p95.toFixed(0)} ms (goal ≤ ${OVERHEAD_GOAL_MS} ms: ${main.isOverheadMet ? 'met' : 'MISSED'})`,
          `server process per event: ${main.cpuMsPerEvent.toFixed(1)} ms CPU, ${main.eventLoopMsPerEvent.toFixed(1)} ms event loop (${(main.eventLoopUtilization * 100).toFixed(0)}% busy)${main.mainThreadCpuMsPerEvent === null ? '' : `, main thread ${main.mainThreadCpuMsPerEvent.toFixed(1)} ms CPU`}; helpdesk requests ${main.helpdesk.requestsPerEvent.toFixed(2)}`,
          main.queryEmbedding
            ? `query embedding (${EMBEDDER} model, worker thread): ${main.queryEmbedding.msPerEvent.toFixed(1)} ms CPU per event, ${main.queryEmbedding.textsPerModelCall.toFixed(1)} texts per model call; beside it ${main.cpuMsBesideEmbeddingPerEvent.toFixed(1)} ms CPU and ${main.eventLoopMsPerEvent.toFixed(1)} ms event loop per event`
            : `query embedding: ${EMBEDDER} embedder (no worker), inside the figures above`,
          `stages p50/p95: ${Object.entries(main.stagesMs).map(([name, value]) => `${name} ${value.p50.toFixed(0)}/${value.p95.toFixed(0)}`).join(', ')}`,
          `step-up: ${steps.map((step) => `${step.rate}/s p95 overhead ${step.overheadMs.p95.toFixed(0)} ms${step.noneLost ? '' : ' LOST'}`).join('; ')} → highest sustained within ${OVERHEAD_GOAL_MS} ms: ${sustained}/s`,
          ...(result.plan
            ? [
                `plan ${result.plan.name} (${result.plan.requestsPerMinute} requests/min, Update Ticket ${result.plan.ticketUpdatesPerMinute}/min): sustainable ${result.plan.sustainableEventsPerMinute} events/min (bound: ${result.plan.bound}); ran ${result.plan.sent}, written ${result.plan.written}, lost ${result.plan.lost}, 429s ${result.plan.rateLimited}, achieved ${result.plan.achievedEventsPerMinute.toFixed(0)} events/min`,
              ]
            : []),
          ...(result.freshdeskPlan
            ? [
                `Freshdesk plan ${result.freshdeskPlan.name} (${result.freshdeskPlan.creditsPerMinute} credits/min, Ticket Update ${result.freshdeskPlan.ticketUpdatesPerMinute}/min): ${result.freshdeskPlan.creditsPerEvent.toFixed(2)} credits per event, sustainable ${result.freshdeskPlan.sustainableEventsPerMinute} events/min (bound: ${result.freshdeskPlan.bound}); ran ${result.freshdeskPlan.sent}, written ${result.freshdeskPlan.written}, lost ${result.freshdeskPlan.lost}, 429s ${result.freshdeskPlan.rateLimited}, achieved ${result.freshdeskPlan.achievedEventsPerMinute.toFixed(0)} events/min`,
              ]
            : []),
        ].join('\n') + '\n',
      );
    }
    return result.goals.noneLost && result.goals.isOverheadMet ? 0 : 1;
  } finally {
    await app.close();
    await scratch?.drop();
    if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
    if (externalsProcess.child.connected) {
      externalsProcess.child.send({ type: 'stop' });
      await once(externalsProcess.child, 'exit');
    }
  }
}

if (process.env.PIPELINE_BENCH_ROLE === 'externals') {
  runExternals({ tickets: Number(process.env.PIPELINE_BENCH_TICKETS), modelMs: MODEL_MS, plan: PLAN ?? 'suite-professional', freshdeskPlan: FRESHDESK_PLAN ?? 'pro' }).catch((error: unknown) => {
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
