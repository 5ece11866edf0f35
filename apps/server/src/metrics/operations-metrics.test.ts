import { describe, expect, it } from 'vitest';
import type { Queryable } from '@threadline/platform/db';
import { createOperationsMetrics } from './operations-metrics.js';

const downDb = { query: async () => Promise.reject(new Error('connection refused')) } as unknown as Queryable;
const queueDb = (rows: unknown[]) => ({ query: async () => ({ rows, rowCount: rows.length }) }) as unknown as Queryable;

describe('operations metrics', () => {
  it('leaves the queue gauges out when the database does not answer, and still serves the rest', async () => {
    const metrics = createOperationsMetrics({ queues: ['webhook.received'] });
    metrics.webhookReceived('freshdesk');
    const heard: unknown[] = [];
    const text = await metrics.scrape({ db: downDb, onQueueError: (error) => heard.push(error) });
    expect(heard).toHaveLength(1);
    expect(text).toContain('threadline_webhooks_received_total{helpdesk="freshdesk"} 1');
    expect(text).not.toMatch(/^threadline_job_queue_depth\{/m);
  });

  it('shows the queue as read, with known empty queues at 0', async () => {
    const metrics = createOperationsMetrics({ queues: ['webhook.received', 'helpdesk.sync'] });
    const text = await metrics.scrape({ db: queueDb([{ queue: 'helpdesk.sync', status: 'failed', depth: 3, oldest: 42.5 }]), onQueueError: () => {} });
    expect(text).toContain('threadline_job_queue_depth{queue="helpdesk.sync",status="failed"} 3');
    expect(text).toContain('threadline_job_queue_oldest_age_seconds{queue="helpdesk.sync",status="failed"} 42.5');
    expect(text).toContain('threadline_job_queue_depth{queue="webhook.received",status="queued"} 0');
  });

  it('counts a 429 as a request of its class and as rate-limited, and no answer as class none', async () => {
    const metrics = createOperationsMetrics({ queues: [] });
    metrics.helpdeskExchange({ vendor: 'zendesk', method: 'GET', status: 429, durationMs: 3 });
    metrics.helpdeskExchange({ vendor: 'zendesk', method: 'GET', status: null, durationMs: 15_000 });
    const text = await metrics.scrape({ db: queueDb([]), onQueueError: () => {} });
    expect(text).toContain('threadline_helpdesk_requests_total{helpdesk="zendesk",status_class="4xx"} 1');
    expect(text).toContain('threadline_helpdesk_requests_total{helpdesk="zendesk",status_class="none"} 1');
    expect(text).toContain('threadline_helpdesk_rate_limited_total{helpdesk="zendesk"} 1');
  });
});
