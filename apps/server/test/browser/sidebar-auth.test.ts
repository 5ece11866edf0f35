import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { provisionTenant } from '../../src/tenants/provision-tenant.js';
import { testConfig } from '../helper.js';
import { startVendorSandbox, type ConnectedSandbox } from '../sandboxes.js';
import { sidebarToken } from './harness.js';

/** Every sidebar call: each must refuse a request without a genuine token of its tenant. */
const ROUTES = (ref: string) =>
  [
    ['GET', `/v1/tickets/${ref}/customer`, undefined],
    ['GET', `/v1/tickets/${ref}/timeline?order=desc&limit=5`, undefined],
    ['GET', `/v1/tickets/${ref}/summary`, undefined],
    ['POST', `/v1/tickets/${ref}/suggest`, {}],
    ['POST', `/v1/tickets/${ref}/rewrite`, { text: 'Hello', style: 'shorter' }],
    ['POST', `/v1/tickets/${ref}/escalate`, { reason: 'needs a person' }],
    ['POST', '/v1/answers/00000000-0000-4000-8000-000000000000/feedback', { verdict: 'helpful' }],
    ['POST', '/v1/kb/ask', { question: 'How do returns work?' }],
  ] as const;

describe('sidebar API authentication', () => {
  let app: FastifyInstance;
  const sandboxes: ConnectedSandbox[] = [];
  const tenants: Record<'a' | 'b', { id: string; slug: string; secret: string }> = {} as never;
  let ref: string;

  beforeAll(async () => {
    // Two tenants on two helpdesks seeded alike: the same ticket id names a different ticket in each.
    sandboxes.push(await startVendorSandbox('zendesk'), await startVendorSandbox('zendesk'));
    app = await buildApp(testConfig(), { logger: false, runWorker: false });
    await app.ready();
    for (const [key, sandbox] of [['a', sandboxes[0]!], ['b', sandboxes[1]!]] as const) {
      const { tenant, sidebarSecret } = await provisionTenant(app.db, app.secrets, {
        slug: `tenant-${key}`,
        name: `Tenant ${key}`,
        baseUrl: sandbox.url,
        credentials: sandbox.credentials,
        webhookSecret: sandbox.webhookSecret,
      });
      tenants[key] = { id: tenant.id, slug: tenant.slug, secret: sidebarSecret };
    }
    ref = sandboxes[0]!.ticketId('jane-call');
    expect(sandboxes[1]!.ticketId('jane-call')).toBe(ref);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all(sandboxes.map((sandbox) => sandbox.close()));
  });

  const call = (method: string, url: string, payload: unknown, token?: string) =>
    app.inject({ method: method as 'GET', url, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

  it('answers 401 UNAUTHORIZED to every sidebar call without a token', async () => {
    for (const [method, url, payload] of ROUTES(ref)) {
      const response = await call(method, url, payload);
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json()).toMatchObject({ code: 'SERVER_UNAUTHORIZED', message: expect.any(String) });
    }
  });

  it('answers 401 to forged, foreign and stale tokens', async () => {
    const a = tenants.a;
    const forged = [
      await sidebarToken({ tenant: a.slug, secret: 'not-the-secret-of-tenant-a-at-all-0000' }),
      // Tenant B's genuine secret cannot speak for tenant A.
      await sidebarToken({ tenant: a.slug, secret: tenants.b.secret }),
      await sidebarToken({ tenant: 'no-such-tenant', secret: a.secret }),
      await sidebarToken({ tenant: a.slug, secret: a.secret, audience: 'someone-else' }),
      await sidebarToken({ tenant: a.slug, secret: a.secret, expiresIn: '-1m' }),
      // alg "none": a header and payload with no signature.
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iss: a.slug, aud: 'threadline', sub: 'x', iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url')}.`,
      'not-a-jwt',
    ];
    for (const token of forged) {
      for (const [method, url, payload] of ROUTES(ref)) {
        const response = await call(method, url, payload, token);
        expect(response.statusCode, `${method} ${url} with ${token.slice(0, 24)}…`).toBe(401);
        expect(response.json().code).toBe('SERVER_UNAUTHORIZED');
      }
    }
  });

  it("never shows tenant A's token tenant B's ticket, even under the same ticket id", async () => {
    const tokenA = await sidebarToken({ tenant: tenants.a.slug, secret: tenants.a.secret });
    const tokenB = await sidebarToken({ tenant: tenants.b.slug, secret: tenants.b.secret });
    const cardA = await call('GET', `/v1/tickets/${ref}/customer`, undefined, tokenA);
    const cardB = await call('GET', `/v1/tickets/${ref}/customer`, undefined, tokenB);
    expect(cardA.statusCode).toBe(200);
    expect(cardB.statusCode).toBe(200);
    expect(cardA.json().id).not.toBe(cardB.json().id);
    const owners = await app.db.query<{ id: string; tenant_id: string }>('select id, tenant_id from customers where id = any($1::uuid[])', [[cardA.json().id, cardB.json().id]]);
    expect(Object.fromEntries(owners.rows.map((row) => [row.id, row.tenant_id]))).toEqual({ [cardA.json().id]: tenants.a.id, [cardB.json().id]: tenants.b.id });

    // Every ticket A's timeline links to is A's own helpdesk's.
    const timelineA = (await call('GET', `/v1/tickets/${ref}/timeline?order=desc&limit=50`, undefined, tokenA)).json() as { items: Array<{ ticket: { url: string } }> };
    expect(timelineA.items.length).toBeGreaterThan(0);
    for (const item of timelineA.items) expect(item.ticket.url.startsWith(sandboxes[0]!.url)).toBe(true);

    // B's suggestion is not A's to rate.
    const suggestionB = await call('POST', `/v1/tickets/${ref}/suggest`, {}, tokenB);
    expect(suggestionB.statusCode).toBe(200);
    const feedback = await call('POST', `/v1/answers/${suggestionB.json().answerId}/feedback`, { verdict: 'helpful' }, tokenA);
    expect(feedback.statusCode).toBe(404);
    expect(feedback.json().code).toBe('SERVER_ANSWER_NOT_FOUND');
  });

  it('ignores a tenant named in the query string: the token alone decides', async () => {
    const tokenA = await sidebarToken({ tenant: tenants.a.slug, secret: tenants.a.secret });
    const response = await call('GET', `/v1/tickets/${ref}/customer?tenant=${tenants.b.slug}&tenantId=${tenants.b.id}`, undefined, tokenA);
    expect(response.statusCode).toBe(200);
    const owner = await app.db.query<{ tenant_id: string }>('select tenant_id from customers where id = $1', [response.json().id]);
    expect(owner.rows[0]?.tenant_id).toBe(tenants.a.id);
  });
});
