import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { testConfig } from './helper.js';
import { sidebarToken } from './agent-fixtures.js';

async function tenant(app: FastifyInstance, slug: string): Promise<{ authorization: string }> {
  return (await tenantWithSidebar(app, slug)).headers;
}

async function tenantWithSidebar(app: FastifyInstance, slug: string): Promise<{ headers: { authorization: string }; agent: { authorization: string } }> {
  const { apiKey, sidebarSecret } = await provisionTenant(app.db, app.secrets, {
    slug,
    name: slug,
    baseUrl: `https://${slug}.freshdesk.com`,
    credentials: { kind: 'freshdesk', auth: { apiKey: 'fd-key' } },
    webhookSecret: 'whsec',
  });
  // A helpdesk agent's sidebar token, signed as the helpdesk proxy signs it.
  const token = await sidebarToken({ slug, sidebarSecret });
  return { headers: { authorization: `Bearer ${apiKey}` }, agent: { authorization: `Bearer ${token}` } };
}

describe('tenant settings writes', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  it("refuse a helpdesk agent's sidebar token (403) and change nothing", async () => {
    const { headers, agent } = await tenantWithSidebar(app, 'agents-shop');
    const changes: Record<string, (settings: Record<string, unknown>) => Record<string, unknown>> = {
      '/v1/settings/identity': () => ({ phoneRegion: 'GB', mergeEmailAliases: true }),
      '/v1/settings/reports': (settings) => ({ ...settings, repeatContactDays: Number(settings.repeatContactDays) + 1 }),
    };
    for (const [url, change] of Object.entries(changes)) {
      const before = (await app.inject({ method: 'GET', url, headers })).json();
      const payload = change(before);
      // The same write with the tenant's API key is accepted, so the 403 is the token's alone.
      expect((await app.inject({ method: 'PUT', url: url, headers, payload: before })).statusCode, url).toBe(200);
      const refused = await app.inject({ method: 'PUT', url, headers: agent, payload });
      expect(refused.statusCode, url).toBe(403);
      expect(refused.json().code).toBe('SERVER_AUTH_ROLE_FORBIDDEN');
      expect((await app.inject({ method: 'GET', url, headers })).json()).toEqual(before);
    }
  });
});

describe('identity settings', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('default to US numbers and separate email aliases, and change for one tenant only', async () => {
    const [uk, other] = [await tenant(app, 'uk-shop'), await tenant(app, 'us-shop')];
    const read = async (headers: { authorization: string }) => (await app.inject({ method: 'GET', url: '/v1/settings/identity', headers })).json();
    expect(await read(uk)).toEqual({ phoneRegion: 'US', mergeEmailAliases: false });

    await app.db.query(`update helpdesk_connections set sync_cursor = 'cursor-1'`);
    const saved = await app.inject({ method: 'PUT', url: '/v1/settings/identity', headers: uk, payload: { phoneRegion: 'gb', mergeEmailAliases: true } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toEqual({ phoneRegion: 'GB', mergeEmailAliases: true });
    expect(await read(uk)).toEqual({ phoneRegion: 'GB', mergeEmailAliases: true });
    expect(await read(other)).toEqual({ phoneRegion: 'US', mergeEmailAliases: false });
    // The next sync of the changed tenant is a full one, which re-keys what the helpdesk holds.
    const cursors = await app.db.query<{ slug: string; sync_cursor: string | null }>(
      `select t.slug, c.sync_cursor from helpdesk_connections c join tenants t on t.id = c.tenant_id order by t.slug`,
    );
    expect(cursors.rows).toEqual([{ slug: 'uk-shop', sync_cursor: null }, { slug: 'us-shop', sync_cursor: 'cursor-1' }]);
  });

  it('refuses a region that does not exist and requests without a key', async () => {
    const headers = await tenant(app, 'strict-shop');
    const unknown = await app.inject({ method: 'PUT', url: '/v1/settings/identity', headers, payload: { phoneRegion: 'ZZ', mergeEmailAliases: false } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('SERVER_IDENTITY_REGION_UNKNOWN');
    expect((await app.inject({ method: 'PUT', url: '/v1/settings/identity', headers, payload: { phoneRegion: 'USA', mergeEmailAliases: false } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/settings/identity' })).statusCode).toBe(401);
  });
});
