import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig } from './helper.js';
import { fillPath, operationsOf, sampleValue } from './openapi-operations.js';
import { member, signInAs, workspace, type SignedIn, type Workspace } from './console-fixtures.js';

describe('console people and roles', () => {
  let app: FastifyInstance;
  let acme: Workspace;
  let bravo: Workspace;
  let acmeOwner: SignedIn;
  let acmeViewer: SignedIn;
  let bravoAdmin: SignedIn;
  let acmeAdminId: string;

  beforeAll(async () => {
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    [acme, bravo] = [await workspace(app, 'acme'), await workspace(app, 'bravo')];
    const [owner, admin, viewer, bravoAdminUser] = [await member(app, acme, 'owner'), await member(app, acme, 'admin'), await member(app, acme, 'viewer'), await member(app, bravo, 'admin')];
    acmeAdminId = admin.id;
    acmeOwner = await signInAs(app, acme, owner.email);
    acmeViewer = await signInAs(app, acme, viewer.email);
    bravoAdmin = await signInAs(app, bravo, bravoAdminUser.email);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('answers every write of a viewer with 403 and the reason, across the whole API, and lets it read', async () => {
    const writes = operationsOf(app).filter(
      (operation) => operation.method !== 'GET' && !operation.path.startsWith('/v1/auth/') && !operation.path.startsWith('/v1/webhooks/') && operation.path !== '/v1/kb/search' && operation.path !== '/v1/replays/{id}/compare',
    );
    expect(writes.length).toBeGreaterThanOrEqual(20);
    for (const operation of writes) {
      const params = Object.fromEntries(operation.parameters.filter((parameter) => parameter.in === 'path').map((parameter) => [parameter.name, String(sampleValue(parameter.schema))]));
      const response = await app.inject({
        method: operation.method,
        url: fillPath(operation.path, params),
        headers: { ...acmeViewer.writeHeaders, ...(operation.body ? { 'content-type': 'application/json' } : {}) },
        ...(operation.body ? { payload: JSON.stringify(sampleValue(operation.body)) } : {}),
      });
      expect(response.statusCode, `${operation.method} ${operation.path}`).toBe(403);
      expect(response.json(), `${operation.method} ${operation.path}`).toMatchObject({ code: 'SERVER_AUTH_ROLE_FORBIDDEN', message: expect.stringContaining('Viewers can read') });
    }
    for (const url of ['/v1/policy', '/v1/policy/audit', '/v1/people', '/v1/settings/identity']) {
      expect((await app.inject({ method: 'GET', url, headers: { cookie: acmeViewer.cookie } })).statusCode, url).toBe(200);
    }
    const search = await app.inject({ method: 'POST', url: '/v1/kb/search', headers: acmeViewer.writeHeaders, payload: { query: 'shipping' } });
    expect(search.statusCode).toBe(200);
  });

  it('lets only owners invite; the invited person chooses a password, signs in with the role, and the link works once', async () => {
    const adminSession = await signInAs(app, acme, 'admin@acme.test');
    const byAdmin = await app.inject({ method: 'POST', url: '/v1/people/invites', headers: adminSession.writeHeaders, payload: { email: 'new@acme.test', role: 'viewer' } });
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json()).toMatchObject({ code: 'SERVER_AUTH_ROLE_FORBIDDEN', message: 'This needs the owner role; yours is admin' });

    const created = await app.inject({ method: 'POST', url: '/v1/people/invites', headers: acmeOwner.writeHeaders, payload: { email: 'new@acme.test', role: 'admin' } });
    expect(created.statusCode).toBe(201);
    const { path, invite } = created.json();
    expect(invite).toMatchObject({ email: 'new@acme.test', role: 'admin', invitedBy: 'owner@acme.test' });
    const token = String(path).split('#token=')[1] as string;
    expect((await app.inject({ method: 'GET', url: '/v1/people', headers: { cookie: acmeOwner.cookie } })).json().invites).toEqual([expect.objectContaining({ email: 'new@acme.test' })]);

    const preview = await app.inject({ method: 'POST', url: '/v1/auth/links/preview', payload: { token } });
    expect(preview.json()).toMatchObject({ kind: 'invite', workspace: 'acme', email: 'new@acme.test', role: 'admin' });
    const weak = await app.inject({ method: 'POST', url: '/v1/auth/invites/accept', payload: { token, password: 'short' } });
    expect(weak.json()).toMatchObject({ code: 'SERVER_AUTH_WEAK_PASSWORD' });
    const accepted = await app.inject({ method: 'POST', url: '/v1/auth/invites/accept', payload: { token, password: 'a brand new long password', name: 'New Person' } });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ member: { email: 'new@acme.test', role: 'admin', name: 'New Person' } });
    expect((await app.inject({ method: 'POST', url: '/v1/auth/invites/accept', payload: { token, password: 'a brand new long password' } })).json()).toMatchObject({ code: 'SERVER_AUTH_LINK_INVALID' });
    await signInAs(app, acme, 'new@acme.test', 'a brand new long password');
  });

  it('changes roles and removes people as an owner, ending the removed person\'s sessions, and keeps the last owner', async () => {
    const adminSession = await signInAs(app, acme, 'admin@acme.test');
    const lowered = await app.inject({ method: 'PUT', url: `/v1/people/${acmeAdminId}/role`, headers: acmeOwner.writeHeaders, payload: { role: 'viewer' } });
    expect(lowered.json()).toMatchObject({ role: 'viewer' });
    // The role applies to the live session at once.
    const write = await app.inject({ method: 'PUT', url: '/v1/settings/identity', headers: adminSession.writeHeaders, payload: { phoneRegion: 'US', mergeEmailAliases: false } });
    expect(write.statusCode).toBe(403);

    const ownerId = (await app.inject({ method: 'GET', url: '/v1/people', headers: { cookie: acmeOwner.cookie } })).json().members.find((person: { role: string }) => person.role === 'owner').id;
    const demote = await app.inject({ method: 'PUT', url: `/v1/people/${ownerId}/role`, headers: acmeOwner.writeHeaders, payload: { role: 'admin' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ code: 'SERVER_PEOPLE_LAST_OWNER' });

    expect((await app.inject({ method: 'DELETE', url: `/v1/people/${acmeAdminId}`, headers: acmeOwner.writeHeaders })).statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/v1/people', headers: { cookie: adminSession.cookie } })).statusCode).toBe(401);
  });

  it("shows another tenant's admin nothing of this tenant, and lets it change nothing here", async () => {
    const acmePeople = (await app.inject({ method: 'GET', url: '/v1/people', headers: { cookie: acmeOwner.cookie } })).json();
    const bravoPeople = (await app.inject({ method: 'GET', url: '/v1/people', headers: { cookie: bravoAdmin.cookie } })).json();
    expect(bravoPeople.members.map((person: { email: string }) => person.email)).toEqual(['admin@bravo.test']);
    expect(JSON.stringify(bravoPeople)).not.toContain('acme');

    // Acme's ids in Bravo's requests find nothing.
    const acmeIds: string[] = acmePeople.members.map((person: { id: string }) => person.id);
    for (const id of acmeIds) {
      const bravoOwner = await app.inject({ method: 'PUT', url: `/v1/people/${id}/role`, headers: bravoAdmin.writeHeaders, payload: { role: 'viewer' } });
      expect(bravoOwner.statusCode).toBe(403);
    }
    const bravoOwnerUser = await member(app, bravo, 'owner', 'owner@bravo.test');
    const bravoOwner = await signInAs(app, bravo, bravoOwnerUser.email);
    for (const id of acmeIds) {
      expect((await app.inject({ method: 'PUT', url: `/v1/people/${id}/role`, headers: bravoOwner.writeHeaders, payload: { role: 'viewer' } })).statusCode).toBe(404);
      expect((await app.inject({ method: 'DELETE', url: `/v1/people/${id}`, headers: bravoOwner.writeHeaders })).statusCode).toBe(404);
    }
    expect((await app.inject({ method: 'GET', url: '/v1/people', headers: { cookie: acmeOwner.cookie } })).json()).toEqual(acmePeople);

    // Bravo's policy change stays in Bravo; Acme's audit does not show it.
    const policy = (await app.inject({ method: 'GET', url: '/v1/policy', headers: { cookie: bravoAdmin.cookie } })).json();
    const changed = await app.inject({ method: 'PUT', url: '/v1/policy', headers: bravoAdmin.writeHeaders, payload: { ...policy, refundLimit: 42 } });
    expect(changed.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/v1/policy', headers: { cookie: acmeOwner.cookie } })).json().refundLimit).toBe(500);
    expect((await app.inject({ method: 'GET', url: '/v1/policy/audit', headers: { cookie: acmeOwner.cookie } })).json().entries).toEqual([]);
    // No session anywhere pairs one tenant's account with another tenant.
    const { rows } = await app.db.query(`select 1 from console_sessions s join console_users u on u.id = s.user_id where s.tenant_id <> u.tenant_id`);
    expect(rows).toEqual([]);
  });
});
