import { ThreadlineError } from '@threadline/platform';
import type { Db } from '@threadline/platform/db';
import { claimJob, createWorker, handle, type Worker } from '@threadline/platform/queue';
import { testDatabases } from '@threadline/platform/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { article, countingEmbedder, createTenant, iterate, useSyncFixture, type CountingEmbedder } from '../../test/index-helpers.js';
import { createHashEmbedder } from '../embeddings/hash-embedder.js';
import { KnowledgeError, KnowledgeErrorCode } from '../errors.js';
import { ingestDocuments } from '../ingest/ingest-documents.js';
import { createSourcesRepository } from '../store/sources-repository.js';
import type { DocumentSource, SourceContext, SourceDocument } from '../types.js';
import { enqueueSync, getSyncJob, listSyncJobs } from './sync-jobs-repository.js';
import { knowledgeSyncQueue } from './sync-queue.js';
import { createSourceSync } from './sync-source.js';

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

const LEASE_MS = 60_000;

/** A clock the test moves by hand, a minute ahead of the database's so enqueued jobs are due. */
function manualClock() {
  let now = Date.now() + 60_000;
  return { now: () => new Date(now), advance: (ms: number) => void (now += ms) };
}

describe.each(testDatabases())('knowledge syncs on $label', ({ create }) => {
  const fixture = useSyncFixture(create);
  let db: Db;
  let tenantId: string;
  let sourceId: string;
  let embedder: CountingEmbedder;
  let clock: ReturnType<typeof manualClock>;
  const workers = fixture.workers;

  beforeEach(() => {
    ({ db, tenantId, sourceId } = fixture);
    embedder = countingEmbedder(createHashEmbedder());
    clock = manualClock();
  });

  /** The platform's worker serving only the knowledge sync queue, as the server wires it. */
  const worker = (resolveSource: () => DocumentSource, extra: { resumeRunningOnStart?: boolean } = {}): Worker => {
    const sync = createSourceSync({ db, embedder, resolveSource, progressEveryMs: 0 });
    const created = createWorker({
      db,
      handlers: [handle(knowledgeSyncQueue, sync.run, { onFailure: sync.onFailure })],
      clock: clock.now,
      random: () => 0.5,
      leaseMs: LEASE_MS,
      pollMs: 20,
      resumeRunningOnStart: extra.resumeRunningOnStart ?? false,
    });
    workers.push(created);
    return created;
  };
  const syncJob = (id: string) => getSyncJob(db, { tenantId, jobId: id });

  it('runs a queued sync to the end, with progress, counts on the source and one active job per source', async () => {
    const syncs = worker(() => listSource(five()));
    const job = await enqueueSync(db, { tenantId, sourceId });
    expect(await enqueueSync(db, { tenantId, sourceId })).toMatchObject({ id: job.id, status: 'queued' });
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).status).toBe('queued');

    await syncs.runNext();
    const done = await syncJob(job.id);
    expect(done).toMatchObject({ id: job.id, status: 'succeeded', attempts: 1, lastError: null, lockedBy: null });
    expect(done.progress).toMatchObject({ documentsSeen: 5, documentsTotal: 5, documentsChanged: 5, chunksWritten: 5, chunksEmbedded: 5 });
    const source = await createSourcesRepository(db).get({ tenantId, sourceId });
    expect(source).toMatchObject({ status: 'ready', documentCount: 5, chunkCount: 5, lastError: null });
    expect(source.lastSyncedAt).toBeInstanceOf(Date);
    expect(await syncs.runNext()).toBeNull();

    const next = await enqueueSync(db, { tenantId, sourceId });
    expect(next.id).not.toBe(job.id);
    expect((await listSyncJobs(db, { tenantId, sourceId })).map((entry) => entry.id)).toEqual([next.id, job.id]);
  });

  it('queues a sync after a running one when the source has new input (an upload), instead of joining it', async () => {
    const job = await enqueueSync(db, { tenantId, sourceId });
    await db.query(`update queue_jobs set status = 'running', started_at = now() where id = $1`, [job.id]);
    // A plain request joins the running sync …
    expect((await enqueueSync(db, { tenantId, sourceId })).id).toBe(job.id);
    // … new input gets a successor, and more new input joins that successor while it waits.
    const successor = await enqueueSync(db, { tenantId, sourceId, join: 'queued' });
    expect(successor).toMatchObject({ status: 'queued' });
    expect(successor.id).not.toBe(job.id);
    expect((await enqueueSync(db, { tenantId, sourceId, join: 'queued' })).id).toBe(successor.id);
  });

  it('marks the job and the source failed with the error when the source fails', async () => {
    const failing: DocumentSource = {
      kind: 'url',
      // eslint-disable-next-line require-yield
      async *documents() {
        throw new KnowledgeError(KnowledgeErrorCode.invalidInput, 'The URL answered 404');
      },
    };
    const syncs = worker(() => failing);
    const job = await enqueueSync(db, { tenantId, sourceId });
    await syncs.runNext();
    expect(await syncJob(job.id)).toMatchObject({ status: 'failed', lastError: 'The URL answered 404', errorCode: 'KNOWLEDGE_INVALID_INPUT' });
    expect(await createSourcesRepository(db).get({ tenantId, sourceId })).toMatchObject({ status: 'failed', lastError: 'The URL answered 404' });
  });

  it('retries an upstream failure after the backoff and succeeds on the next attempt', async () => {
    let calls = 0;
    const flaky = (): DocumentSource => ({
      kind: 'helpdesk_articles',
      async *documents() {
        calls += 1;
        if (calls === 1) throw new ThreadlineError({ code: 'ZENDESK_UNAVAILABLE', category: 'upstream', message: 'Zendesk answered 503' });
        yield* iterate(five());
      },
    });
    const syncs = worker(flaky);
    const job = await enqueueSync(db, { tenantId, sourceId });
    await syncs.runNext();
    expect(await syncJob(job.id)).toMatchObject({ status: 'queued', attempts: 1, errorCode: 'ZENDESK_UNAVAILABLE' });
    expect(await createSourcesRepository(db).get({ tenantId, sourceId })).toMatchObject({ status: 'queued', lastError: 'Zendesk answered 503' });
    expect(await syncs.runNext()).toBeNull();
    clock.advance(knowledgeSyncQueue.backoff.baseMs);
    await syncs.runNext();
    expect(await syncJob(job.id)).toMatchObject({ status: 'succeeded', attempts: 2, lastError: null });
  });

  it('resumes a sync whose worker crashed, re-embedding only what the crashed run had not stored', async () => {
    const job = await enqueueSync(db, { tenantId, sourceId });
    // The crashed process: it claimed the job, stored three of five documents, then died.
    expect((await claimJob(db, { queues: [knowledgeSyncQueue.name], workerId: 'dead-worker', now: clock.now(), leaseMs: LEASE_MS }))?.id).toBe(job.id);
    await ingestDocuments({ db, tenantId, sourceId, embedder, documents: iterate(five().slice(0, 3)), deleteMissing: false });
    embedder.reset();

    // A restart on the embedded database takes over what was running.
    const syncs = worker(() => listSource(five()), { resumeRunningOnStart: true });
    await syncs.start();
    for (let tries = 0; tries < 3000 && (await syncJob(job.id)).status !== 'succeeded'; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    await syncs.stop();
    expect(await syncJob(job.id)).toMatchObject({ status: 'succeeded', attempts: 2, progress: expect.objectContaining({ documentsUnchanged: 3, documentsChanged: 2, chunksEmbedded: 2 }) });
    expect(embedder.documentTexts).toEqual(['Article 3\nBody number 3 of the guide.', 'Article 4\nBody number 4 of the guide.']);
    expect(await createSourcesRepository(db).get({ tenantId, sourceId })).toMatchObject({ status: 'ready', documentCount: 5 });
  });

  it('takes over a running job whose lease ran out, and gives up after maxAttempts crashes', async () => {
    const job = await enqueueSync(db, { tenantId, sourceId, maxAttempts: 2 });
    await claimJob(db, { queues: [knowledgeSyncQueue.name], workerId: 'dead-1', now: clock.now(), leaseMs: LEASE_MS });
    clock.advance(LEASE_MS + 1);
    expect((await claimJob(db, { queues: [knowledgeSyncQueue.name], workerId: 'dead-2', now: clock.now(), leaseMs: LEASE_MS }))?.attempts).toBe(2);
    clock.advance(LEASE_MS + 1);
    await worker(() => listSource(five())).runNext();
    const outcome = await syncJob(job.id);
    expect(outcome).toMatchObject({ id: job.id, status: 'failed', attempts: 3, errorCode: 'QUEUE_ATTEMPTS_EXHAUSTED' });
    expect(outcome.lastError).toMatch(/Gave up after 2 attempts/);
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
    const syncs = worker(() => hanging);
    const job = await enqueueSync(db, { tenantId, sourceId });
    await syncs.start();
    for (let tries = 0; tries < 3000 && release === undefined; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    await syncs.stop();
    expect(await syncJob(job.id)).toMatchObject({ status: 'queued', attempts: 0, lockedBy: null });
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).status).toBe('queued');
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).documentCount).toBe(0);
  });

  it('removes a source’s syncs with the source, as its documents go', async () => {
    const job = await enqueueSync(db, { tenantId, sourceId });
    await createSourcesRepository(db).remove({ tenantId, sourceId });
    expect(await listSyncJobs(db, { tenantId })).toEqual([]);
    expect(await getSyncJob(db, { tenantId, jobId: job.id }).catch((error: unknown) => (error as KnowledgeError).code)).toBe(KnowledgeErrorCode.jobNotFound);
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
