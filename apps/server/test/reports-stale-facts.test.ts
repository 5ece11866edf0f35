import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Db } from '@threadline/platform/db';
import { buildApp } from '../src/app.js';
import { createFactsRefresher } from '../src/reports/facts-refresher.js';
import { flushStaleFacts, markCustomersStale, markTicketsStale } from '../src/reports/stale-facts.js';
import { getAnswer, insertAnswer, markWriteback } from '../src/agent/answers-repository.js';
import type { AnswerResult } from '@threadline/knowledge/answer';
import { testConfig } from './helper.js';
import { zendeskHistory } from './report-fixtures.js';
import { connectTenant, startVendorSandbox, type ConnectedSandbox } from './sandboxes.js';

/**
 * Report facts are rewritten after the events that change them, once per burst: the mirror's write
 * and the agent's answers only mark the customer (report_facts_pending); a flush rewrites the
 * marked customers in one batch, on the refresher's timer or before a report is read.
 */
const draftResult: AnswerResult = { path: 'offline', action: 'draft', replyText: 'A draft.', language: 'en', citations: [], confidence: 0.5, summary: 'A question.', guardrails: [] };

describe('report facts refreshed late, once per burst', () => {
  let app: FastifyInstance;
  let sandbox: ConnectedSandbox;
  let tenant: { tenantId: string; apiKey: string };

  const count = async (sql: string) => Number((await app.db.query<{ n: number }>(sql, [tenant.tenantId])).rows[0]?.n);
  const facts = () => count(`select count(*)::int as n from ticket_facts where tenant_id = $1`);
  const pending = () => count(`select count(*)::int as n from report_facts_pending where tenant_id = $1`);
  const customers = () => count(`select count(distinct customer_id)::int as n from tickets where tenant_id = $1`);

  beforeAll(async () => {
    sandbox = await startVendorSandbox('zendesk', { dataset: zendeskHistory() });
    // No worker and no refresher timer: every flush in these tests is an explicit one.
    app = await buildApp(testConfig({ sync: { intervalMs: 0 } } as never), { logger: false, runWorker: false });
    await app.ready();
    tenant = await connectTenant(app, sandbox, 'stale-facts');
    const { connector } = await app.helpdesks.forTenant(tenant.tenantId);
    await app.mirror.syncChanges(tenant.tenantId, connector);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('marks the customers a mirror write touched instead of rewriting their facts in it', async () => {
    expect(await facts()).toBe(0);
    expect(await pending()).toBe(await customers());
    expect(await pending()).toBeGreaterThan(1);
  });

  it('keeps one mark per customer however many events mark them, and rewrites each once', async () => {
    const { rows } = await app.db.query<{ customer_id: string }>(`select customer_id from report_facts_pending where tenant_id = $1 order by customer_id limit 1`, [tenant.tenantId]);
    const customerId = (rows[0] as { customer_id: string }).customer_id;
    for (let event = 0; event < 5; event++) await markCustomersStale(app.db, tenant.tenantId, [customerId, customerId]);
    const ticket = sandbox.ticketId('a1');
    await markTicketsStale(app.db, tenant.tenantId, [ticket, ticket]);
    expect(await pending()).toBe(await customers());

    const rewritten = await flushStaleFacts(app.db, tenant.tenantId, { batchSize: 2 });
    expect(rewritten).toBe(await customers());
    expect(await pending()).toBe(0);
    expect(await facts()).toBe(await count(`select count(*)::int as n from tickets where tenant_id = $1`));
    expect(await flushStaleFacts(app.db, tenant.tenantId)).toBe(0);
  });

  it('leaves a customer marked when they were marked again while their facts were rewritten', async () => {
    const ticket = sandbox.ticketId('b1');
    await markTicketsStale(app.db, tenant.tenantId, [ticket]);
    // A Db whose transaction marks the customer again just before the rewrite removes the mark, as
    // a mirror write committing in the middle of a flush would.
    const racing: Db = {
      ...app.db,
      query: app.db.query.bind(app.db),
      transaction: (work) =>
        app.db.transaction((tx) =>
          work({
            ...tx,
            query: (async (sql: string, params?: unknown[]) => {
              if (sql.includes('delete from report_facts_pending')) await markTicketsStale(tx, tenant.tenantId, [ticket]);
              return tx.query(sql, params as never);
            }) as typeof tx.query,
          }),
        ),
    };
    expect(await flushStaleFacts(racing, tenant.tenantId)).toBe(1);
    expect(await pending()).toBe(1);
    expect(await flushStaleFacts(app.db, tenant.tenantId)).toBe(1);
    expect(await pending()).toBe(0);
  });

  it('marks the answer’s customer with the recorded outcome of its write-back, and only theirs', async () => {
    await flushStaleFacts(app.db, tenant.tenantId);
    const ticket = sandbox.ticketId('a1');
    const answer = await insertAnswer(app.db, { tenantId: tenant.tenantId, ticketExternalId: ticket, trigger: 'sidebar', idempotencyKey: null, result: draftResult, timings: {} });
    await markWriteback(app.db, { tenantId: tenant.tenantId, answerId: answer.id, status: 'pending' });
    expect(await pending()).toBe(0);
    await markWriteback(app.db, { tenantId: tenant.tenantId, answerId: answer.id, status: 'written', messageId: 'm-1', markFactsStale: true });
    const { rows } = await app.db.query<{ customer_id: string }>(`select customer_id from report_facts_pending where tenant_id = $1`, [tenant.tenantId]);
    const owner = await app.db.query<{ customer_id: string }>(`select customer_id from tickets where tenant_id = $1 and external_id = $2`, [tenant.tenantId, ticket]);
    expect(rows).toEqual(owner.rows);
    expect((await getAnswer(app.db, tenant.tenantId, answer.id))?.writebackStatus).toBe('written');
    // Another tenant's answer id marks nothing here and records nothing.
    await markWriteback(app.db, { tenantId: crypto.randomUUID(), answerId: answer.id, status: 'failed', markFactsStale: true });
    expect(await pending()).toBe(1);
    expect((await getAnswer(app.db, tenant.tenantId, answer.id))?.writebackStatus).toBe('written');
    await flushStaleFacts(app.db, tenant.tenantId);
  });

  it('rewrites the marked facts before a report is read', async () => {
    await app.db.query(`delete from ticket_facts where tenant_id = $1`, [tenant.tenantId]);
    await app.db.query(`insert into report_facts_pending (tenant_id, customer_id) select distinct tenant_id, customer_id from tickets where tenant_id = $1`, [tenant.tenantId]);
    const response = await app.inject({ method: 'GET', url: '/v1/reports/tickets?metric=tickets&from=2026-10-01&to=2026-10-31', headers: { authorization: `Bearer ${tenant.apiKey}` } });
    expect(response.statusCode).toBe(200);
    expect((response.json() as { tickets: unknown[] }).tickets.length).toBeGreaterThan(0);
    expect(await pending()).toBe(0);
  });

  it('rewrites marked facts on its timer until stopped', async () => {
    await app.db.query(`insert into report_facts_pending (tenant_id, customer_id) select distinct tenant_id, customer_id from tickets where tenant_id = $1`, [tenant.tenantId]);
    const refresher = createFactsRefresher({ db: app.db, log: app.log, intervalMs: 10 });
    refresher.start();
    try {
      const deadline = Date.now() + 60_000;
      while ((await pending()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await pending()).toBe(0);
    } finally {
      await refresher.stop();
    }
  });
});
