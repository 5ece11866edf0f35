import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import type { ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { agentTenant, startZendesk, type AgentTenant } from './agent-fixtures.js';

/** The inputs that reached Postgres as 500s before, each now a 4xx that says what is wrong. */
describe('bad input is a 4xx with a reason, never a 500', () => {
  let app: FastifyInstance;
  let sandbox: ZendeskSandbox;
  let tenant: AgentTenant;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startZendesk();
    app = await buildApp(testConfig({ sync: { intervalMs: 0 } }), { logger: false, runWorker: false });
    await app.ready();
    tenant = await agentTenant(app, sandbox);
    auth = { authorization: `Bearer ${tenant.apiKey}` };
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await sandbox?.close();
  });

  it('refuses NUL characters anywhere in the input, naming the field', async () => {
    const ticket = sandbox.ids.ticket('jane-email');
    const cases = [
      { method: 'POST', url: `/v1/tickets/${ticket}/escalate`, payload: { reason: 'needs\u0000help' }, field: 'body/reason' },
      { method: 'POST', url: `/v1/tickets/${ticket}/escalate`, payload: { reason: 'needs help', groupId: 'g\u0000' }, field: 'body/groupId' },
      { method: 'POST', url: '/v1/kb/ask', payload: { question: 'where\u0000' }, field: 'body/question' },
      { method: 'POST', url: '/v1/kb/search', payload: { query: '\u0000' }, field: 'body/query' },
      { method: 'POST', url: '/v1/kb/sources', payload: { kind: 'file', name: 'Manual\u0000' }, field: 'body/name' },
      { method: 'GET', url: '/v1/jobs?queue=a%00b', field: 'querystring/queue' },
    ] as const;
    for (const { field, ...request } of cases) {
      const response = await app.inject({ ...request, headers: auth });
      expect({ url: request.url, status: response.statusCode }).toEqual({ url: request.url, status: 400 });
      expect(response.json()).toMatchObject({ code: 'SERVER_INVALID_CHARACTER', message: expect.stringContaining(field) });
    }
    const { rows } = await app.db.query(`select 1 from kb_sources where tenant_id = $1 and name like 'Manual%'`, [tenant.tenantId]);
    expect(rows).toEqual([]);
  });

  it('refuses out-of-range and non-finite numbers, unknown parameters and forged cursors', async () => {
    const customer = (await app.inject({ method: 'GET', url: `/v1/tickets/${sandbox.ids.ticket('jane-email')}/customer`, headers: auth })).json().id as string;
    const cases: Array<[string, string]> = [
      ['/v1/jobs?limit=1e309', 'SERVER_NUMBER_OUT_OF_RANGE'],
      ['/v1/answers?limit=Infinity', 'SERVER_NUMBER_OUT_OF_RANGE'],
      ['/v1/kb/documents?offset=999999999999', 'SERVER_VALIDATION_FAILED'],
      ['/v1/jobs?tenantId=00000000-0000-4000-8000-000000000000', 'SERVER_VALIDATION_FAILED'],
      [`/v1/customers/${customer}/timeline?cursor=${Buffer.from('0|00000000-0000-0000-0000-000000000000').toString('base64url')}`, 'SERVER_TIMELINE_CURSOR_INVALID'],
      [`/v1/customers/${customer}/timeline?cursor=${Buffer.from('0|x').toString('base64url')}`, 'SERVER_TIMELINE_CURSOR_INVALID'],
    ];
    for (const [url, code] of cases) {
      const response = await app.inject({ method: 'GET', url, headers: auth });
      expect({ url, status: response.statusCode, code: response.json().code }).toEqual({ url, status: 400, code });
    }
    const unknown = await app.inject({ method: 'GET', url: '/v1/jobs?tenantId=x', headers: auth });
    expect(unknown.json().message).toBe('querystring has an unknown property "tenantId"; only the documented ones are accepted');
  });

  it('refuses a sidebar token whose claims have the wrong types with 401', async () => {
    const secret = new TextEncoder().encode(tenant.sidebarSecret);
    const arrayIssuer = await new SignJWT({ iss: [tenant.slug] as unknown as string }).setProtectedHeader({ alg: 'HS256' }).setAudience('threadline').setSubject('a').setIssuedAt().setExpirationTime('5m').sign(secret);
    const numericSubject = await new SignJWT({ sub: 42 as unknown as string }).setProtectedHeader({ alg: 'HS256' }).setIssuer(tenant.slug).setAudience('threadline').setIssuedAt().setExpirationTime('5m').sign(secret);
    for (const token of [arrayIssuer, numericSubject]) {
      const response = await app.inject({ method: 'GET', url: '/v1/jobs', headers: { authorization: `Bearer ${token}` } });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'SERVER_UNAUTHORIZED' });
    }
  });
});
