import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { buildApp } from '../src/app.js';
import { saveHelpdeskConnection } from '../src/tenants/tenants-repository.js';
import { testConfig } from './helper.js';
import { member, signInAs, workspace, type SignedIn, type Workspace } from './console-fixtures.js';

/**
 * Who may change the knowledge: a console admin or owner, or the tenant API key. A viewer and a
 * helpdesk agent's sidebar token read and search, and every write of theirs is refused with 403
 * leaving the sources, syncs, uploads and exclusions as they were.
 */
describe('knowledge writes need an admin, an owner or the API key', () => {
  let app: FastifyInstance;
  let space: Workspace;
  let admin: SignedIn;
  let viewer: SignedIn;
  let sidebar: Record<string, string>;
  let sourceId: string;
  let documentId: string;
  let chunkId: string;
  const as = (key: string) => ({ authorization: `Bearer ${key}` });
  const read = async (url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: as(space.apiKey) });
    expect(response.statusCode, url).toBe(200);
    return response.json();
  };
  const waitForSync = async (job: { id: string; status: string }) => {
    // A budget in time, not in polls: on a busy machine each poll itself takes longer.
    const deadline = Date.now() + 150_000;
    let current = job;
    while (current.status !== 'succeeded' && current.status !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      current = await read(`/v1/kb/jobs/${job.id}`);
    }
    return current;
  };
  /** Everything a write could have changed, as the API key sees it. */
  const snapshot = async () => ({
    sources: (await read('/v1/kb/sources')).sources.map((source: Record<string, unknown>) => ({ id: source.id, name: source.name, config: source.config, resyncEveryHours: source.resyncEveryHours })),
    jobs: (await read(`/v1/kb/sources/${sourceId}/jobs`)).jobs.map((job: { id: string }) => job.id),
    document: (await read(`/v1/kb/documents/${documentId}`)) as unknown,
  });
  const writes = (): ReadonlyArray<{ name: string; method: 'POST' | 'PATCH' | 'DELETE' | 'PUT'; url: string; payload?: object; isFile?: boolean }> => [
    { name: 'create a source', method: 'POST', url: '/v1/kb/sources', payload: { kind: 'url', name: 'Sneaked in', config: { urls: ['https://example.com/'] } } },
    { name: 'rename a source', method: 'PATCH', url: `/v1/kb/sources/${sourceId}`, payload: { name: 'Renamed' } },
    { name: 'schedule a source', method: 'PATCH', url: `/v1/kb/sources/${sourceId}`, payload: { resyncEveryHours: 12 } },
    { name: 'sync a source', method: 'POST', url: `/v1/kb/sources/${sourceId}/sync` },
    { name: 'upload a file', method: 'PUT', url: `/v1/kb/sources/${sourceId}/files/more.md`, isFile: true },
    { name: 'exclude a document', method: 'POST', url: `/v1/kb/documents/${documentId}/exclude` },
    { name: 'include a document', method: 'POST', url: `/v1/kb/documents/${documentId}/include` },
    { name: 'exclude a chunk', method: 'PATCH', url: `/v1/kb/chunks/${chunkId}`, payload: { isExcluded: true } },
    { name: 'delete a source', method: 'DELETE', url: `/v1/kb/sources/${sourceId}` },
  ];
  const attempt = (headers: Record<string, string>, write: ReturnType<typeof writes>[number]) =>
    app.inject({
      method: write.method,
      url: write.url,
      headers: write.isFile ? { ...headers, 'content-type': 'application/octet-stream' } : headers,
      ...(write.isFile ? { payload: Buffer.from('# More\n\nA page nobody should have added.\n') } : write.payload ? { payload: write.payload } : {}),
    });

  beforeAll(async () => {
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    space = await workspace(app, 'kb-roles');
    admin = await signInAs(app, space, (await member(app, space, 'admin')).email);
    viewer = await signInAs(app, space, (await member(app, space, 'viewer')).email);
    const { sidebarSecret } = await saveHelpdeskConnection(app.db, app.secrets, {
      tenantId: space.id,
      baseUrl: 'https://kb-roles.zendesk.example',
      credentials: { kind: 'zendesk', auth: { type: 'token', email: 'admin@kb-roles.test', token: 'not-used-here' } },
      webhookSecret: 'a webhook secret that is long enough',
    });
    const token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(space.slug)
      .setAudience('threadline')
      .setSubject('agent-7')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(sidebarSecret));
    sidebar = as(token);

    const created = await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(space.apiKey), payload: { kind: 'file', name: 'Manuals' } });
    expect(created.statusCode).toBe(201);
    sourceId = created.json().source.id;
    const upload = await app.inject({
      method: 'PUT',
      url: `/v1/kb/sources/${sourceId}/files/stove.md`,
      headers: { ...as(space.apiKey), 'content-type': 'application/octet-stream' },
      payload: Buffer.from('# Trail stove\n\n## Priming\n\nOpen the valve a quarter turn before lighting.\n'),
    });
    expect(upload.statusCode).toBe(202);
    expect((await waitForSync(upload.json())).status).toBe('succeeded');
    documentId = (await read('/v1/kb/documents')).documents[0].id;
    chunkId = (await read(`/v1/kb/documents/${documentId}`)).chunks[0].id;
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('lets the sidebar token read and search the knowledge', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/kb/sources', headers: sidebar })).statusCode).toBe(200);
    const search = await app.inject({ method: 'POST', url: '/v1/kb/search', headers: sidebar, payload: { query: 'open the valve' } });
    expect(search.statusCode).toBe(200);
    expect(search.json().passages.length).toBeGreaterThan(0);
  });

  for (const who of ['viewer', 'sidebar'] as const) {
    it(`refuses a ${who === 'viewer' ? 'console viewer' : "helpdesk agent's sidebar token"} every knowledge write with 403, changing nothing`, async () => {
      const headers = who === 'viewer' ? viewer.writeHeaders : sidebar;
      const before = await snapshot();
      for (const write of writes()) {
        const response = await attempt(headers, write);
        expect(response.statusCode, write.name).toBe(403);
        expect(response.json().code, write.name).toBe('SERVER_AUTH_ROLE_FORBIDDEN');
      }
      expect(await snapshot()).toEqual(before);
      expect((await read('/v1/kb/sources')).sources).toHaveLength(1);
    });
  }

  it('lets an admin session and the API key make the same changes', async () => {
    const renamed = await attempt(admin.writeHeaders, { name: 'rename', method: 'PATCH', url: `/v1/kb/sources/${sourceId}`, payload: { name: 'Stove manuals', resyncEveryHours: 12 } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Stove manuals', resyncEveryHours: 12, nextSyncAt: expect.any(String) });
    const excluded = await attempt(admin.writeHeaders, { name: 'exclude', method: 'POST', url: `/v1/kb/documents/${documentId}/exclude` });
    expect(excluded.statusCode).toBe(200);
    expect(excluded.json().isExcluded).toBe(true);
    const included = await attempt(as(space.apiKey), { name: 'include', method: 'POST', url: `/v1/kb/documents/${documentId}/include` });
    expect(included.json().isExcluded).toBe(false);
    expect((await attempt(as(space.apiKey), { name: 'delete', method: 'DELETE', url: `/v1/kb/sources/${sourceId}` })).statusCode).toBe(204);
    expect((await read('/v1/kb/sources')).sources).toEqual([]);
  });
});
