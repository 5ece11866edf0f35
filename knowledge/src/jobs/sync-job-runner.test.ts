import { ThreadlineError } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { article, countingEmbedder, createSource, createTenant, iterate, migratedDb, type CountingEmbedder } from '../../test/index-helpers.js';
import { createHashEmbedder } from '../embeddings/hash-embedder.js';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { ingestDocuments } from '../ingest/ingest-documents.js';
import { createSourcesRepository } from '../store/sources-repository.js';
import type { DocumentSource, SourceContext, SourceDocument } from '../types.js';
import { createSyncJobRunner, type SyncJobRunner } from './sync-job-runner.js';
import { claimSyncJob, enqueueSync, getSyncJob, listSyncJobs } from './sync-jobs-repository.js';

const five = (): SourceDocument[] => Array.from({ length: 5 }, (_, index) => article(`doc-${index}`, `Article ${index}`, `Body number ${index} of the guide.`));

function listSource(documents: SourceDocument[]): DocumentSource {
  return {
    kind: 'helpdesk_articles',
    async *documents(context?: SourceContext) {
      for (const [index, document] of documents.entries()) {
        context?.onProgress?.({ done: index, total: documents.length, current: document.externalId });
        yield document;
      }
    },
  };
}

/** Polls until `probe` holds; the budget is for a busy machine (a sync on PGlite can take seconds there), not a speed check. */
async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(testDatabases())('sync jobs on $label', ({ create }) => {
  let db: Db;
  let tenantId: string;
  let sourceId: string;
  let embedder: CountingEmbedder;
  const runners: SyncJobRunner[] = [];

  beforeAll(async () => {
    db = await migratedDb(create);
  });
  afterAll(async () => {
    await Promise.all(runners.map((runner) => runner.stop()));
    await db.close();
  });
  beforeEach(async () => {
    // The queue is shared by all tenants (a runner serves them all): start each test with it empty.
    await db.query('delete from kb_sync_jobs');
    tenantId = await createTenant(db);
    sourceId = await createSource(db, tenantId);
    embedder = countingEmbedder(createHashEmbedder());
  });

  const runner = (resolveSource: () => DocumentSource, extra: Partial<Parameters<typeof createSyncJobRunner>[0]> = {}): SyncJobRunner => {
    const created = createSyncJobRunner({ db, embedder, resolveSource, pollIntervalMs: 20, resumeRunningOnStart: false, ...extra });
    runners.push(created);
    return created;
  };

  it('runs a queued sync to the end, with progress, counts on the source and one active job per source', async () => {
    const updates: string[] = [];
    const syncs = runner(() => listSource(five()), { onJobUpdate: (job) => updates.push(job.status) });
    const job = await syncs.enqueue({ tenantId, sourceId });
    expect(await syncs.enqueue({ tenantId, sourceId })).toMatchObject({ id: job.id, status: 'queued' });
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).status).toBe('queued');

    const done = await syncs.runNext();
    expect(done).toMatchObject({ id: job.id, status: 'succeeded', attempts: 1, error: null, lockedBy: null });
    expect(done?.progress).toMatchObject({ documentsSeen: 5, documentsTotal: 5, documentsChanged: 5, chunksWritten: 5, chunksEmbedded: 5 });
    expect(updates.at(-1)).toBe('succeeded');
    const source = await createSourcesRepository(db).get({ tenantId, sourceId });
    expect(source).toMatchObject({ status: 'ready', documentCount: 5, chunkCount: 5, lastError: null });
    expect(source.lastSyncedAt).toBeInstanceOf(Date);
    expect(await syncs.runNext()).toBeNull();

    const next = await syncs.enqueue({ tenantId, sourceId });
    expect(next.id).not.toBe(job.id);
    expect((await listSyncJobs(db, { tenantId, sourceId })).map((entry) => entry.id)).toEqual([next.id, job.id]);
  });

  it('marks the job and the source failed with the error when the source fails', async () => {
    const failing: DocumentSource = {
      kind: 'url',
      // eslint-disable-next-line require-yield
      async *documents() {
        throw new KnowledgeError(KnowledgeErrorCode.invalidInput, 'The URL answered 404');
      },
    };
    const syncs = runner(() => failing);
    await syncs.enqueue({ tenantId, sourceId });
    const job = await syncs.runNext();
    expect(job).toMatchObject({ status: 'failed', error: 'The URL answered 404', errorCode: 'KNOWLEDGE_INVALID_INPUT' });
    expect(await createSourcesRepository(db).get({ tenantId, sourceId })).toMatchObject({ status: 'failed', lastError: 'The URL answered 404' });
  });

  it('retries an upstream failure and succeeds on the next attempt', async () => {
    let calls = 0;
    const flaky = (): DocumentSource => ({
      kind: 'helpdesk_articles',
      async *documents() {
        calls += 1;
        if (calls === 1) throw new ThreadlineError({ code: 'ZENDESK_UNAVAILABLE', category: 'upstream', message: 'Zendesk answered 503' });
        yield* iterate(five());
      },
    });
    const syncs = runner(flaky, { retryDelayMs: () => 0 });
    await syncs.enqueue({ tenantId, sourceId });
    expect(await syncs.runNext()).toMatchObject({ status: 'queued', attempts: 1, errorCode: 'ZENDESK_UNAVAILABLE' });
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).lastError).toBe('Zendesk answered 503');
    expect(await syncs.runNext()).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
  });

  it('resumes a sync whose worker crashed, re-embedding only what the crashed run had not stored', async () => {
    const job = await enqueueSync(db, { tenantId, sourceId });
    // The crashed process: it claimed the job, stored three of five documents, then died.
    expect((await claimSyncJob(db, { workerId: 'dead-worker', staleAfterMs: 60_000 }))?.id).toBe(job.id);
    await ingestDocuments({ db, tenantId, sourceId, embedder, documents: iterate(five().slice(0, 3)), deleteMissing: false });
    embedder.reset();

    // A restart on the embedded database requeues what was running and picks it up.
    const syncs = runner(() => listSource(five()), { resumeRunningOnStart: true });
    await syncs.start();
    const done = await waitFor(async () => {
      const current = await getSyncJob(db, { tenantId, jobId: job.id });
      return current.status === 'succeeded' && current;
    });
    await syncs.stop();
    expect(done).toMatchObject({ attempts: 2, progress: expect.objectContaining({ documentsUnchanged: 3, documentsChanged: 2, chunksEmbedded: 2 }) });
    expect(embedder.documentTexts).toEqual(['Article 3\nBody number 3 of the guide.', 'Article 4\nBody number 4 of the guide.']);
    expect(await createSourcesRepository(db).get({ tenantId, sourceId })).toMatchObject({ status: 'ready', documentCount: 5 });
  });

  it('takes over a running job whose heartbeat went stale, and gives up after maxAttempts crashes', async () => {
    const job = await enqueueSync(db, { tenantId, sourceId, maxAttempts: 2 });
    await claimSyncJob(db, { workerId: 'dead-1', staleAfterMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await claimSyncJob(db, { workerId: 'dead-2', staleAfterMs: 10 }))?.attempts).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const syncs = runner(() => listSource(five()), { staleAfterMs: 10 });
    const outcome = await syncs.runNext();
    expect(outcome).toMatchObject({ id: job.id, status: 'failed', attempts: 3 });
    expect(outcome?.error).toMatch(/Gave up after 2 attempts/);
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).status).toBe('failed');
  });

  it('on stop, interrupts a running sync and queues it again without counting the attempt', async () => {
    let release: (() => void) | undefined;
    const hanging: DocumentSource = {
      kind: 'crawl',
      async *documents(context?: SourceContext) {
        yield article('first', 'First', 'First page.');
        await new Promise<void>((resolve) => {
          release = resolve;
          context?.signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        yield article('second', 'Second', 'Second page.');
      },
    };
    const syncs = runner(() => hanging);
    const job = await syncs.enqueue({ tenantId, sourceId });
    await syncs.start();
    await waitFor(async () => release !== undefined);
    await syncs.stop();
    expect(await getSyncJob(db, { tenantId, jobId: job.id })).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).status).toBe('queued');
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).documentCount).toBe(0);
  });

  it('does not show or enqueue another tenant’s jobs', async () => {
    const other = await createTenant(db);
    const job = await enqueueSync(db, { tenantId, sourceId });
    const lookup = await getSyncJob(db, { tenantId: other, jobId: job.id }).catch((error: unknown) => error);
    expect((lookup as KnowledgeError).code).toBe(KnowledgeErrorCode.jobNotFound);
    expect(await listSyncJobs(db, { tenantId: other })).toEqual([]);
    const enqueue = await enqueueSync(db, { tenantId: other, sourceId }).catch((error: unknown) => error);
    expect((enqueue as KnowledgeError).code).toBe(KnowledgeErrorCode.sourceNotFound);
  });
});
