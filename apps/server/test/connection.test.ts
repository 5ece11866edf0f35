import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { provisionTenant } from '../src/tenants/provision-tenant.js';
import { getHelpdeskConnection } from '../src/tenants/tenants-repository.js';
import { testConfig } from './helper.js';
import { startVendorSandbox, type ConnectedSandbox } from './sandboxes.js';
import { member, signInAs, workspace, type SignedIn, type Workspace } from './console-fixtures.js';
import { sidebarToken } from './agent-fixtures.js';

interface Connected extends Workspace {
  sidebarSecret: string;
}

describe('the helpdesk connection API', () => {
  let app: FastifyInstance;
  let zendesk: ConnectedSandbox;
  let freshdesk: ConnectedSandbox;
  let zd: Connected;
  let fd: Connected;
  let admin: SignedIn;
  let viewer: SignedIn;
  const zdAuth = () => zendesk.credentials.auth as { type: 'token'; email: string; token: string };

  const connect = async (sandbox: ConnectedSandbox, slug: string): Promise<Connected> => {
    const { tenant, apiKey, sidebarSecret } = await provisionTenant(app.db, app.secrets, { slug, name: slug, baseUrl: sandbox.url, credentials: sandbox.credentials, webhookSecret: sandbox.webhookSecret });
    return { id: tenant.id, slug, apiKey, sidebarSecret };
  };
  const key = (space: Workspace) => ({ authorization: `Bearer ${space.apiKey}` });
  const stored = async (space: Workspace) => getHelpdeskConnection(app.db, app.secrets, space.id);
  const audit = async (space: Workspace) => (await app.inject({ method: 'GET', url: '/v1/connection/audit', headers: key(space) })).json().entries as Array<{ actor: string; changes: unknown[] }>;

  beforeAll(async () => {
    [zendesk, freshdesk] = await Promise.all([startVendorSandbox('zendesk'), startVendorSandbox('freshdesk')]);
    // 127.0.0.1 is allowed for the unreachable-helpdesk case; other private addresses stay refused.
    app = await buildApp(testConfig({ fetch: Object.freeze({ allow: ['127.0.0.1'] }) }), { logger: false, runWorker: false });
    await app.ready();
    zd = await connect(zendesk, 'conn-zd');
    fd = await connect(freshdesk, 'conn-fd');
    admin = await signInAs(app, zd, (await member(app, zd, 'admin')).email);
    viewer = await signInAs(app, zd, (await member(app, zd, 'viewer')).email);
  }, 600_000);

  afterAll(async () => {
    await app?.close();
    await Promise.all([zendesk?.close(), freshdesk?.close()]);
  });

  it('is documented in the OpenAPI document', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(document.paths['/v1/connection'])).toEqual(expect.arrayContaining(['get', 'put']));
    expect(document.paths['/v1/connection/check'].post).toBeDefined();
    expect(document.paths['/v1/connection/audit'].get).toBeDefined();
  });

  it('shows the connection with masked credentials, the setup with this tenant\'s webhook URL, and never a secret', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/connection', headers: { ...key(zd), host: 'tl.acme.test' } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      isConnected: true,
      kind: 'zendesk',
      address: zendesk.url,
      baseUrl: zendesk.url,
      credentials: { type: 'api_token', email: zdAuth().email, secret: { isSet: true } },
      webhookSecret: { isSet: true },
      webhookUrl: 'http://tl.acme.test/v1/webhooks/zendesk/conn-zd',
      events: [],
    });
    expect(body.setup.join('\n')).toContain('Endpoint URL: http://tl.acme.test/v1/webhooks/zendesk/conn-zd');
    expect(response.body).not.toContain(zdAuth().token);
    expect(response.body).not.toContain(zendesk.webhookSecret);
    const fdBody = await app.inject({ method: 'GET', url: '/v1/connection', headers: key(fd) });
    expect(fdBody.json()).toMatchObject({ kind: 'freshdesk', credentials: { type: 'api_key', email: null } });
    expect(fdBody.body).not.toContain(freshdesk.webhookSecret);
  });

  it('builds the webhook URL on PUBLIC_URL when set (behind a proxy, a request arrives as plain HTTP on an inner host)', async () => {
    const proxied = await buildApp(testConfig({ publicUrl: 'https://threadline.acme.com' }), { logger: false, runWorker: false });
    try {
      await proxied.ready();
      const { apiKey } = await provisionTenant(proxied.db, proxied.secrets, { slug: 'conn-proxied', name: 'Proxied', baseUrl: zendesk.url, credentials: zendesk.credentials, webhookSecret: zendesk.webhookSecret });
      const body = (await proxied.inject({ method: 'GET', url: '/v1/connection', headers: { authorization: `Bearer ${apiKey}`, host: '10.0.0.7:3000' } })).json();
      expect(body.webhookUrl).toBe('https://threadline.acme.com/v1/webhooks/zendesk/conn-proxied');
      expect(body.setup.join('\n')).toContain('Endpoint URL: https://threadline.acme.com/v1/webhooks/zendesk/conn-proxied');
    } finally {
      await proxied.close();
    }
  });

  it('refuses a wrong Zendesk token with 422 in the helpdesk\'s words, on check and on save, and stores nothing', async () => {
    const before = await stored(zd);
    const form = { kind: 'zendesk', subdomain: zendesk.url, email: zdAuth().email, apiToken: 'not-the-token' };
    for (const [method, url] of [['POST', '/v1/connection/check'], ['PUT', '/v1/connection']] as const) {
      const response = await app.inject({ method, url, headers: admin.writeHeaders, payload: form });
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'SERVER_HELPDESK_CREDENTIALS_REFUSED',
        message: `Zendesk refused the API token for ${zdAuth().email} (401): Couldn't authenticate you`,
        details: { httpStatus: 401, helpdeskCode: 'ZENDESK_AUTH' },
      });
      expect(response.body).not.toContain('not-the-token');
    }
    expect(await stored(zd)).toEqual(before);
    expect(await audit(zd)).toEqual([]);
  });

  it('refuses a wrong Freshdesk key the same way', async () => {
    const response = await app.inject({ method: 'PUT', url: '/v1/connection', headers: key(fd), payload: { kind: 'freshdesk', domain: freshdesk.url, apiKey: 'wrong-key' } });
    expect(response.statusCode).toBe(422);
    expect(response.json().message).toBe('Freshdesk refused the API key (401): You have to be logged in to perform this action. (invalid_credentials)');
    expect((await stored(fd))?.credentials).toEqual(freshdesk.credentials);
  });

  it('says nothing answers at an address (422), and refuses private addresses the operator did not allow (400), storing nothing', async () => {
    const before = await stored(zd);
    const unreachable = await app.inject({ method: 'POST', url: '/v1/connection/check', headers: admin.writeHeaders, payload: { kind: 'zendesk', subdomain: 'http://127.0.0.1:9', email: 'a@b.test', apiToken: 'x' } });
    expect(unreachable.statusCode).toBe(422);
    expect(unreachable.json()).toMatchObject({ code: 'SERVER_HELPDESK_UNREACHABLE', message: expect.stringContaining('Zendesk could not be reached at http://127.0.0.1:9') });
    const metadata = await app.inject({ method: 'PUT', url: '/v1/connection', headers: admin.writeHeaders, payload: { kind: 'zendesk', subdomain: 'http://169.254.169.254', email: 'a@b.test', apiToken: 'x' } });
    expect(metadata.statusCode).toBe(400);
    expect(metadata.json()).toMatchObject({ code: 'SERVER_HELPDESK_ADDRESS_INVALID', message: expect.stringContaining('http://169.254.169.254 is not an address Threadline may call') });
    const nonsense = await app.inject({ method: 'PUT', url: '/v1/connection', headers: admin.writeHeaders, payload: { kind: 'zendesk', subdomain: 'acme corp!', email: 'a@b.test', apiToken: 'x' } });
    expect(nonsense.json()).toMatchObject({ code: 'SERVER_HELPDESK_ADDRESS_INVALID', message: expect.stringContaining('is not a Zendesk subdomain or URL') });
    const switched = await app.inject({ method: 'PUT', url: '/v1/connection', headers: admin.writeHeaders, payload: { kind: 'freshdesk', domain: 'acme.freshdesk.com' } });
    expect(switched.statusCode).toBe(400);
    expect(switched.json().code).toBe('SERVER_HELPDESK_CREDENTIALS_MISSING');
    expect(await stored(zd)).toEqual(before);
  });

  it('saves accepted credentials, keeps the saved token when the field is blank, and audits the change without the secret', async () => {
    const response = await app.inject({ method: 'PUT', url: '/v1/connection', headers: admin.writeHeaders, payload: { kind: 'zendesk', subdomain: zendesk.url, email: zdAuth().email, apiToken: '', webhookSecret: 'a-new-signing-secret-from-zendesk' } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ agent: { role: expect.any(String) }, message: expect.stringMatching(/^Saved\. Zendesk accepted the credentials: Threadline acts as /), connection: { kind: 'zendesk' } });
    expect(response.body).not.toContain('a-new-signing-secret-from-zendesk');
    const after = await stored(zd);
    expect(after?.credentials).toEqual(zendesk.credentials);
    expect(after?.webhookSecret).toBe('a-new-signing-secret-from-zendesk');
    const entries = await audit(zd);
    expect(entries).toEqual([{ id: expect.any(String), at: expect.any(String), actor: 'admin@conn-zd.test', changes: [{ field: 'webhookSecret', before: 'set', after: 'changed' }] }]);
    expect(JSON.stringify(entries)).not.toContain('a-new-signing-secret');
  });

  it('lets a viewer read but not check or save (403), and a sidebar token neither read nor write', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/connection', headers: { cookie: viewer.cookie } })).statusCode).toBe(200);
    const form = { kind: 'zendesk', subdomain: zendesk.url, email: zdAuth().email };
    for (const [method, url] of [['POST', '/v1/connection/check'], ['PUT', '/v1/connection']] as const) {
      const response = await app.inject({ method, url, headers: viewer.writeHeaders, payload: form });
      expect(response.statusCode).toBe(403);
      expect(response.json().code).toBe('SERVER_AUTH_ROLE_FORBIDDEN');
    }
    const token = await sidebarToken(zd);
    const asAgent = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'GET', url: '/v1/connection', headers: asAgent })).statusCode).toBe(403);
    expect((await app.inject({ method: 'PUT', url: '/v1/connection', headers: asAgent, payload: form })).statusCode).toBe(403);
  });

  it('counts verified and refused webhooks per helpdesk, which another tenant never sees', async () => {
    const ticketId = zendesk.ticketId('jane-chat');
    const good = zendesk.webhookDelivery(ticketId, { secret: 'a-new-signing-secret-from-zendesk' });
    const bad = zendesk.webhookDelivery(ticketId, { secret: 'an-old-secret' });
    const post = (delivery: typeof good) => app.inject({ method: 'POST', url: `/v1/webhooks/zendesk/${zd.slug}`, headers: delivery.headers as Record<string, string>, payload: delivery.rawBody });
    expect((await post(good)).statusCode).toBe(202);
    expect((await post(bad)).statusCode).toBe(401);
    const { events } = (await app.inject({ method: 'GET', url: '/v1/connection', headers: key(zd) })).json();
    expect(events).toEqual([{ kind: 'zendesk', lastReceivedAt: expect.any(String), receivedLast24h: 1, lastRefusedAt: expect.any(String), refusedLast24h: 1 }]);
    expect((await app.inject({ method: 'GET', url: '/v1/connection', headers: key(fd) })).json().events).toEqual([]);
    // A workspace with no helpdesk at all sees no connection and no one else's.
    const other = await workspace(app, 'conn-none');
    const none = (await app.inject({ method: 'GET', url: '/v1/connection', headers: key(other) })).json();
    expect(none).toMatchObject({ isConnected: false, kind: null, credentials: null, events: [], setup: [] });
    expect(await audit(other)).toEqual([]);
  });

  it('connects Zendesk with an OAuth access token instead of an API token: no email, a wrong token refused in words, a blank one keeps the saved one', async () => {
    const space = await connect(zendesk, 'conn-oauth');
    const owner = await signInAs(app, space, (await member(app, space, 'admin')).email);
    const accessToken = zendesk.oauthCredentials?.kind === 'zendesk' && zendesk.oauthCredentials.auth.type === 'oauth' ? zendesk.oauthCredentials.auth.accessToken : '';
    const form = { kind: 'zendesk', subdomain: zendesk.url, auth: 'oauth' };
    const wrong = await app.inject({ method: 'POST', url: '/v1/connection/check', headers: owner.writeHeaders, payload: { ...form, oauthToken: 'not-the-token' } });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().message).toMatch(/^Zendesk refused the OAuth token \(401\)/);
    // Switching to OAuth needs the token: the saved API token is not one.
    const blank = await app.inject({ method: 'PUT', url: '/v1/connection', headers: owner.writeHeaders, payload: form });
    expect(blank.json()).toMatchObject({ code: 'SERVER_HELPDESK_CREDENTIALS_MISSING', message: expect.stringContaining('OAuth access token') });

    const saved = await app.inject({ method: 'PUT', url: '/v1/connection', headers: owner.writeHeaders, payload: { ...form, oauthToken: accessToken } });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().connection.credentials).toEqual({ type: 'oauth', email: null, secret: { isSet: true, masked: `••••••••${accessToken.slice(-4)}` } });
    expect(saved.body).not.toContain(accessToken);
    expect((await stored(space))?.credentials).toEqual(zendesk.oauthCredentials);
    const again = await app.inject({ method: 'PUT', url: '/v1/connection', headers: owner.writeHeaders, payload: { ...form, webhookSecret: 'rotated-signing-secret' } });
    expect(again.statusCode).toBe(200);
    expect((await stored(space))?.credentials).toEqual(zendesk.oauthCredentials);
    expect((await audit(space))[1]?.changes).toEqual([
      { field: 'email', before: zdAuth().email, after: null },
      { field: 'oauthToken', before: 'set', after: 'changed' },
    ]);

    // Back to an API token: its email is needed again.
    const noEmail = await app.inject({ method: 'PUT', url: '/v1/connection', headers: owner.writeHeaders, payload: { kind: 'zendesk', subdomain: zendesk.url, apiToken: zdAuth().token } });
    expect(noEmail.json()).toMatchObject({ code: 'SERVER_HELPDESK_CREDENTIALS_MISSING', message: expect.stringContaining('email') });
  });
});
