import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { retrievePassages } from '../src/agent/answer-context.js';
import { testConfig } from './helper.js';
import { member, signInAs, workspace, type SignedIn, type Workspace } from './console-fixtures.js';

const MANUAL = `# Trail stove manual

## Priming

Open the valve a quarter turn and let the fuel pool for five seconds before lighting.

## Storage

Store the canister upright in a cool place, away from the tent, with the valve closed.
`;

describe('excluding one chunk through the knowledge API', () => {
  let app: FastifyInstance;
  let space: Workspace;
  let other: Workspace;
  let admin: SignedIn;
  let viewer: SignedIn;
  let otherAdmin: SignedIn;
  let documentId: string;
  let storageChunkId: string;
  const as = (key: string) => ({ authorization: `Bearer ${key}` });

  const searchStorage = async (mode: 'hybrid' | 'vector' | 'text', key = space.apiKey) => {
    const response = await app.inject({ method: 'POST', url: '/v1/kb/search', headers: as(key), payload: { query: 'store the canister upright in a cool place', mode, k: 10 } });
    expect(response.statusCode).toBe(200);
    return (response.json().passages as Array<{ chunkId: string }>).filter((passage) => passage.chunkId === storageChunkId).length;
  };
  const everyMode = async (key?: string) => ({ hybrid: await searchStorage('hybrid', key), vector: await searchStorage('vector', key), text: await searchStorage('text', key) });
  const patch = (headers: Record<string, string>, payload: unknown, id = storageChunkId) => app.inject({ method: 'PATCH', url: `/v1/kb/chunks/${id}`, headers, payload: payload as Record<string, unknown> });
  /** What the answer pipeline (drafts, auto-replies, the sidebar's questions) retrieves, neighbours included, as text. */
  const askedAboutStorage = async () =>
    JSON.stringify(await retrievePassages({ db: app.db, tenantId: space.id, embedder: app.embedder, query: 'How should I store the canister upright?' }));
  const storageChunk = async () => {
    const detail = (await app.inject({ method: 'GET', url: `/v1/kb/documents/${documentId}`, headers: as(space.apiKey) })).json();
    return (detail.chunks as Array<{ id: string; isExcluded: boolean }>).find((chunk) => chunk.id === storageChunkId);
  };

  beforeAll(async () => {
    app = await buildApp(testConfig(), { logger: false });
    await app.ready();
    space = await workspace(app, 'chunk-owner');
    other = await workspace(app, 'chunk-other');
    admin = await signInAs(app, space, (await member(app, space, 'admin')).email);
    viewer = await signInAs(app, space, (await member(app, space, 'viewer')).email);
    otherAdmin = await signInAs(app, other, (await member(app, other, 'admin')).email);

    const created = (await app.inject({ method: 'POST', url: '/v1/kb/sources', headers: as(space.apiKey), payload: { kind: 'file', name: 'Manuals' } })).json();
    const upload = await app.inject({
      method: 'PUT',
      url: `/v1/kb/sources/${created.source.id}/files/stove.md`,
      headers: { ...as(space.apiKey), 'content-type': 'application/octet-stream' },
      payload: Buffer.from(MANUAL),
    });
    expect(upload.statusCode).toBe(202);
    // A budget in time, not in polls: on a busy machine each poll itself takes longer.
    const deadline = Date.now() + 150_000;
    let job = upload.json();
    while (job.status !== 'succeeded' && job.status !== 'failed' && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await app.inject({ method: 'GET', url: `/v1/kb/jobs/${job.id}`, headers: as(space.apiKey) })).json();
    }
    expect(job.status).toBe('succeeded');
    documentId = (await app.inject({ method: 'GET', url: '/v1/kb/documents', headers: as(space.apiKey) })).json().documents[0].id;
    const detail = (await app.inject({ method: 'GET', url: `/v1/kb/documents/${documentId}`, headers: as(space.apiKey) })).json();
    storageChunkId = detail.chunks.find((chunk: { content: string }) => chunk.content.includes('canister')).id;
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('lists each chunk with its own switch, included to begin with', async () => {
    expect(await storageChunk()).toMatchObject({ isExcluded: false });
    expect(await everyMode()).toEqual({ hybrid: 1, vector: 1, text: 1 });
    expect(await askedAboutStorage()).toContain('upright in a cool place');
  });

  it('refuses a viewer with 403 and changes nothing, though the viewer may read the chunks', async () => {
    const read = await app.inject({ method: 'GET', url: `/v1/kb/documents/${documentId}`, headers: { cookie: viewer.cookie } });
    expect(read.statusCode).toBe(200);
    const response = await patch(viewer.writeHeaders, { isExcluded: true });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('SERVER_AUTH_ROLE_FORBIDDEN');
    expect(await storageChunk()).toMatchObject({ isExcluded: false });
  });

  it('refuses bad input with 400 and the reason, changing nothing', async () => {
    for (const payload of [{}, { isExcluded: 'yes' }, { isExcluded: true, tenantId: other.id }]) {
      const response = await patch(admin.writeHeaders, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().code).toBe('SERVER_VALIDATION_FAILED');
    }
    expect((await patch(admin.writeHeaders, { isExcluded: true }, 'not-a-chunk')).statusCode).toBe(400);
    expect(await storageChunk()).toMatchObject({ isExcluded: false });
  });

  it('answers 404 to another tenant’s admin and key, who see nothing of the chunk', async () => {
    const response = await patch(otherAdmin.writeHeaders, { isExcluded: true });
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('SERVER_KB_CHUNK_NOT_FOUND');
    expect((await patch(as(other.apiKey), { isExcluded: true })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/v1/kb/documents/${documentId}`, headers: { cookie: otherAdmin.cookie } })).statusCode).toBe(404);
    expect(await everyMode(other.apiKey)).toEqual({ hybrid: 0, vector: 0, text: 0 });
    expect(await storageChunk()).toMatchObject({ isExcluded: false });
  });

  it('lets an admin exclude the chunk: it leaves every search mode and the answers, the rest of the document stays', async () => {
    const response = await patch(admin.writeHeaders, { isExcluded: true });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: storageChunkId, isExcluded: true });
    expect(await storageChunk()).toMatchObject({ isExcluded: true });
    expect(await everyMode()).toEqual({ hybrid: 0, vector: 0, text: 0 });
    const priming = (await app.inject({ method: 'POST', url: '/v1/kb/search', headers: as(space.apiKey), payload: { query: 'open the valve a quarter turn', mode: 'text' } })).json();
    expect(priming.passages.length).toBeGreaterThan(0);
    expect(await askedAboutStorage()).not.toContain('upright in a cool place');
  });

  it('includes it again: search finds it', async () => {
    const response = await patch(as(space.apiKey), { isExcluded: false });
    expect(response.statusCode).toBe(200);
    expect(response.json().isExcluded).toBe(false);
    expect(await everyMode()).toEqual({ hybrid: 1, vector: 1, text: 1 });
  });
});
