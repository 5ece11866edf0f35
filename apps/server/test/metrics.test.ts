import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { MODEL_FAKES, type ModelFake } from '@threadline/knowledge/answer/testing';
import { buildApp } from '../src/app.js';
import { helpdeskSyncQueue, replayQueue } from '../src/jobs/queues.js';
import { build, testConfig } from './helper.js';
import { agentTenant, customerWrites, deliver, startZendesk, type AgentTenant } from './agent-fixtures.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format's sample lines (comments and blank lines skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[label[1] as string] = label[2] as string;
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The samples of one family; `le`/`quantile` aside, each must carry exactly `labelNames`. */
function family(samples: Sample[], name: string, labelNames: string[]): Sample[] {
  const found = samples.filter((sample) => sample.name === name);
  for (const sample of found) expect(Object.keys(sample.labels).filter((key) => key !== 'le').sort()).toEqual([...labelNames].sort());
  return found;
}

const valueOf = (samples: Sample[], labels: Record<string, string>) =>
  samples.find((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value))?.value;

describe('GET /metrics', () => {
  let sandbox: ZendeskSandbox;
  let fake: ModelFake;
  let app: FastifyInstance;
  let tenant: AgentTenant;
  let text: string;
  let contentType: string;

  beforeAll(async () => {
    sandbox = await startZendesk();
    const anthropic = MODEL_FAKES.find((candidate) => candidate.provider === 'anthropic');
    if (!anthropic) throw new Error('no Anthropic model fake');
    fake = await anthropic.start();
    app = await buildApp({ ...testConfig(), answerModel: { provider: 'anthropic', apiKey: fake.apiKey, model: undefined, baseUrl: fake.url } }, { logger: false });
    await app.ready();
    tenant = await agentTenant(app, sandbox, { mode: 'draft' });

    // One event through the whole pipeline, its first helpdesk request answered with a 429.
    await customerWrites(sandbox, 'jane-chat', 'jane-cooper', 'How long does standard shipping usually take?');
    sandbox.faults.set({ rateLimited: 1, retryAfterSeconds: 0 });
    expect(await deliver(app, sandbox, tenant, 'jane-chat')).toMatchObject({ status: 'succeeded', result: { status: 'written' } });
    // The same delivery twice (the second is a redelivery), and one for a tenant that does not exist.
    const delivery = sandbox.webhookDelivery(sandbox.ids.ticket('jane-email'), 'comment.added');
    const send = (slug: string) => app.inject({ method: 'POST', url: `/v1/webhooks/zendesk/${slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    expect((await send(tenant.slug)).statusCode).toBe(202);
    expect((await send(tenant.slug)).json()).toMatchObject({ status: 'duplicate' });
    expect((await send('no-such-tenant')).statusCode).toBe(401);
    // A job that waits an hour: the queue has something to show.
    await app.jobs.enqueue(helpdeskSyncQueue, { tenantId: tenant.tenantId, payload: { reason: 'api' }, runAt: new Date(Date.now() + 3_600_000) });

    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    text = response.body;
    contentType = String(response.headers['content-type']);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await fake?.close();
    await sandbox?.close();
  });

  it('answers in the Prometheus text format', () => {
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(() => parseExposition(text)).not.toThrow();
  });

  it('counts webhooks received, deduped and failed by helpdesk', () => {
    const samples = parseExposition(text);
    expect(valueOf(family(samples, 'threadline_webhooks_received_total', ['helpdesk']), { helpdesk: 'zendesk' })).toBe(4);
    expect(valueOf(family(samples, 'threadline_webhooks_deduped_total', ['helpdesk', 'reason']), { helpdesk: 'zendesk', reason: 'duplicate' })).toBe(1);
    expect(valueOf(family(samples, 'threadline_webhooks_failed_total', ['helpdesk', 'reason']), { helpdesk: 'zendesk', reason: 'unauthenticated' })).toBe(1);
  });

  it('reads the job queue depth and oldest age by queue and status at scrape time', () => {
    const samples = parseExposition(text);
    const depth = family(samples, 'threadline_job_queue_depth', ['queue', 'status']);
    expect(valueOf(depth, { queue: helpdeskSyncQueue.name, status: 'queued' })).toBe(1);
    // An empty known queue says 0 rather than nothing.
    expect(valueOf(depth, { queue: replayQueue.name, status: 'queued' })).toBe(0);
    const age = family(samples, 'threadline_job_queue_oldest_age_seconds', ['queue', 'status']);
    const oldest = valueOf(age, { queue: helpdeskSyncQueue.name, status: 'queued' }) ?? -1;
    expect(oldest).toBeGreaterThanOrEqual(0);
    expect(oldest).toBeLessThan(600);
  });

  it('times every pipeline stage of the event', () => {
    const samples = parseExposition(text);
    const counts = family(samples, 'threadline_pipeline_stage_duration_seconds_count', ['stage']);
    for (const stage of ['sync', 'retrieve', 'answer', 'write', 'total']) expect(valueOf(counts, { stage })).toBeGreaterThanOrEqual(1);
    const buckets = family(samples, 'threadline_pipeline_stage_duration_seconds_bucket', ['stage']);
    expect(valueOf(buckets, { stage: 'total', le: '+Inf' })).toBe(valueOf(counts, { stage: 'total' }));
  });

  it('counts helpdesk requests by status class and the 429s', () => {
    const samples = parseExposition(text);
    const requests = family(samples, 'threadline_helpdesk_requests_total', ['helpdesk', 'status_class']);
    expect(valueOf(requests, { helpdesk: 'zendesk', status_class: '2xx' })).toBeGreaterThan(0);
    expect(valueOf(requests, { helpdesk: 'zendesk', status_class: '4xx' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(family(samples, 'threadline_helpdesk_rate_limited_total', ['helpdesk']), { helpdesk: 'zendesk' })).toBe(1);
  });

  it('counts model calls with their latency and tokens by provider and model', () => {
    const samples = parseExposition(text);
    const model = { provider: 'anthropic', model: fake.defaultModel };
    expect(valueOf(family(samples, 'threadline_model_calls_total', ['provider', 'model', 'operation', 'outcome']), { ...model, operation: 'answer', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(family(samples, 'threadline_model_call_duration_seconds_count', ['provider', 'model', 'operation']), { ...model, operation: 'answer' })).toBeGreaterThanOrEqual(1);
    const tokens = family(samples, 'threadline_model_tokens_total', ['provider', 'model', 'kind']);
    expect(valueOf(tokens, { ...model, kind: 'input' })).toBeGreaterThan(0);
    expect(valueOf(tokens, { ...model, kind: 'output' })).toBeGreaterThan(0);
  });

  it('counts embedding cache hits and misses', () => {
    const samples = parseExposition(text);
    // Indexing the help center embedded every chunk afresh.
    expect(valueOf(family(samples, 'threadline_embedding_cache_misses_total', []), {})).toBeGreaterThan(0);
    expect(valueOf(family(samples, 'threadline_embedding_cache_hits_total', []), {})).toBe(0);
  });

  it('documents every family in the README and charts it in the Grafana dashboard', () => {
    const families = [...text.matchAll(/^# TYPE (threadline_\w+) /gm)].map((match) => match[1] as string);
    expect(families).toHaveLength(13);
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const dashboard = JSON.parse(readFileSync(new URL('../../../docs/grafana-dashboard.json', import.meta.url), 'utf8')) as { panels: Array<{ type: string; targets?: Array<{ expr: string }> }> };
    const expressions = dashboard.panels.flatMap((panel) => panel.targets ?? []).map((target) => target.expr).join('\n');
    for (const name of families) {
      expect(readme, name).toContain(`\`${name}\``);
      expect(expressions, name).toContain(name);
    }
  });

  it('carries no tenant and no customer data', () => {
    for (const secret of [tenant.tenantId, tenant.slug, tenant.apiKey, 'jane', 'shipping', sandbox.url]) expect(text).not.toContain(secret);
  });
});

describe('GET /metrics with METRICS_TOKEN', () => {
  it('asks for the bearer token, and each app counts on its own registry', async () => {
    const token = 'metrics-token-4c1d9e7a2b';
    const app = await build({ ...testConfig(), metrics: { token } });
    for (const authorization of [undefined, 'Bearer wrong-token-00000000', token]) {
      const refused = await app.inject({ method: 'GET', url: '/metrics', ...(authorization ? { headers: { authorization } } : {}) });
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'SERVER_METRICS_UNAUTHENTICATED' });
    }
    const scraped = await app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(scraped.statusCode).toBe(200);
    // A fresh app: nothing received yet, whatever other apps in this process have counted.
    expect(parseExposition(scraped.body).filter((sample) => sample.name === 'threadline_webhooks_received_total')).toEqual([]);
  });
});
