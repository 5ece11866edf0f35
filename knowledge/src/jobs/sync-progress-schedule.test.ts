import type { Db } from '@threadline/platform/db';
import { createWorker, handle, type Worker } from '@threadline/platform/queue';
import { testDatabases } from '@threadline/platform/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { article, useSyncFixture } from '../../test/index-helpers.js';
import { createHashEmbedder } from '../embeddings/hash-embedder.js';
import { createSourcesRepository } from '../store/sources-repository.js';
import type { DocumentSource, SourceContext } from '../types.js';
import { enqueueDueSyncs, enqueueSync, getSyncJob, listActiveSyncs, listSyncJobs } from './sync-jobs-repository.js';
import { knowledgeSyncQueue } from './sync-queue.js';
import { createSourceSync } from './sync-source.js';

const HOUR = 3_600_000;

/** Polls until `check` passes; a budget in time, generous for a busy machine. */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(testDatabases())('sync progress, notes and schedule on $label', ({ create }) => {
  const fixture = useSyncFixture(create);
  let db: Db;
  let tenantId: string;
  let sourceId: string;
  const workers = fixture.workers;

  beforeEach(() => {
    ({ db, tenantId, sourceId } = fixture);
  });

  /** The worker as the server wires it, with the default progress interval (500 ms). */
  const worker = (source: DocumentSource, progressEveryMs?: number): Worker => {
    const sync = createSourceSync({ db, embedder: createHashEmbedder(), resolveSource: () => source, ...(progressEveryMs === undefined ? {} : { progressEveryMs }) });
    const created = createWorker({ db, handlers: [handle(knowledgeSyncQueue, sync.run, { onFailure: sync.onFailure })], pollMs: 20, resumeRunningOnStart: false });
    workers.push(created);
    return created;
  };

  it('saves progress while the sync runs: a poll sees documents counted while the source is still reading', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const slow: DocumentSource = {
      kind: 'crawl',
      async *documents(context?: SourceContext) {
        for (const index of [1, 2]) {
          context?.onProgress?.({ done: index - 1, current: `https://help.example.com/page-${index}` });
          yield article(`page-${index}`, `Page ${index}`, `Body of page ${index}.`);
        }
        context?.onProgress?.({ done: 2, current: 'https://help.example.com/slow-page' });
        // A slow page: the sync waits here until the test has seen the progress so far.
        await released;
        yield article('page-3', 'Page 3', 'Body of page 3.');
      },
    };
    const syncs = worker(slow);
    const job = await enqueueSync(db, { tenantId, sourceId });
    const running = syncs.runNext();
    const midway = await eventually(
      () => getSyncJob(db, { tenantId, jobId: job.id }),
      (seen) => seen.progress.documentsSeen === 2 && seen.progress.current === 'https://help.example.com/slow-page',
    );
    expect(midway.status).toBe('running');
    // The source list shows the same live progress.
    const active = (await listActiveSyncs(db, { tenantId })).get(sourceId);
    expect(active?.progress.documentsSeen).toBe(2);
    release();
    await running;
    const done = await getSyncJob(db, { tenantId, jobId: job.id });
    expect(done).toMatchObject({ status: 'succeeded', progress: expect.objectContaining({ documentsSeen: 3, documentsChanged: 3, current: null }) });
    expect((await listActiveSyncs(db, { tenantId })).has(sourceId)).toBe(false);
  });

  it('keeps what the source said in words on the job and as the source’s last sync notes', async () => {
    const noting: DocumentSource = {
      kind: 'crawl',
      async *documents(context?: SourceContext) {
        yield article('only', 'Only page', 'The one page read.');
        context?.onNote?.('Stopped at the page cap of 1 page; 4 more links found — raise maxPages to index them.');
      },
    };
    const job = await enqueueSync(db, { tenantId, sourceId });
    await worker(noting, 0).runNext();
    const note = 'Stopped at the page cap of 1 page; 4 more links found — raise maxPages to index them.';
    expect((await getSyncJob(db, { tenantId, jobId: job.id })).progress.notes).toEqual([note]);
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).lastSyncNotes).toEqual([note]);
    // The next sync with nothing to say clears them.
    await enqueueSync(db, { tenantId, sourceId });
    await worker({ kind: 'crawl', documents: () => (async function* () { yield article('only', 'Only page', 'The one page read.'); })() }, 0).runNext();
    expect((await createSourcesRepository(db).get({ tenantId, sourceId })).lastSyncNotes).toEqual([]);
  });

  it('shows a crash as words a support lead can act on, not the stack or raw message, and a retry can succeed', async () => {
    const crashing: DocumentSource = {
      kind: 'url',
      // eslint-disable-next-line require-yield
      async *documents() {
        throw new TypeError("Cannot read properties of undefined (reading 'href')");
      },
    };
    const job = await enqueueSync(db, { tenantId, sourceId, maxAttempts: 1 });
    await worker(crashing, 0).runNext();
    expect((await getSyncJob(db, { tenantId, jobId: job.id })).status).toBe('failed');
    const failed = await createSourcesRepository(db).get({ tenantId, sourceId });
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/^The sync stopped on an internal error, not on anything in this source\. Sync again/);
    expect(failed.lastError).not.toMatch(/TypeError|undefined|href/);
    // The way forward: sync again.
    const retry = await enqueueSync(db, { tenantId, sourceId });
    expect(retry.id).not.toBe(job.id);
    await worker({ kind: 'url', documents: () => (async function* () { yield article('page', 'Page', 'Back.'); })() }, 0).runNext();
    expect(await createSourcesRepository(db).get({ tenantId, sourceId })).toMatchObject({ status: 'ready', lastError: null, documentCount: 1 });
  });

  it('re-syncs a source when its schedule is due, once per due time, by an injected clock', async () => {
    const sources = createSourcesRepository(db);
    const helpCenter = await sources.get({ tenantId, sourceId });
    // Help-center articles re-sync daily unless told otherwise.
    expect(helpCenter.resyncEveryHours).toBe(24);
    const nextSyncAt = helpCenter.nextSyncAt!.getTime();
    const onDemand = await sources.create({ tenantId, kind: 'url', name: 'Pricing page', config: { urls: ['https://example.com/pricing'] } });
    expect(onDemand).toMatchObject({ resyncEveryHours: null, nextSyncAt: null });

    // The scheduler serves every tenant (sources of earlier tests are due too); each job carries its source's tenant.
    const ours = async (now: Date) => (await enqueueDueSyncs(db, { now })).filter((job) => job.tenantId === tenantId).map((job) => job.sourceId);
    expect(await ours(new Date(nextSyncAt - 60_000))).toEqual([]);
    const due = new Date(nextSyncAt + 60_000);
    expect(await ours(due)).toEqual([sourceId]);
    // The same due time queues nothing more: the next one moved a day on.
    expect(await enqueueDueSyncs(db, { now: due })).toEqual([]);
    expect((await sources.get({ tenantId, sourceId })).nextSyncAt?.getTime()).toBe(due.getTime() + 24 * HOUR);
    expect(await ours(new Date(due.getTime() + 25 * HOUR))).toEqual([sourceId]);
    // Both due runs joined one open sync: one per source at a time.
    expect(await listSyncJobs(db, { tenantId, sourceId })).toHaveLength(1);

    // Turned on for the URL source from its last sync (never: now); off again with null.
    const hourly = await sources.update({ tenantId, sourceId: onDemand.id, resyncEveryHours: 1 });
    expect(hourly.resyncEveryHours).toBe(1);
    expect(hourly.nextSyncAt!.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
    const off = await sources.update({ tenantId, sourceId: onDemand.id, resyncEveryHours: null });
    expect(off).toMatchObject({ resyncEveryHours: null, nextSyncAt: null });
    expect(await enqueueDueSyncs(db, { now: new Date(Date.now() + 1000 * HOUR) })).not.toContainEqual(expect.objectContaining({ sourceId: onDemand.id }));
    await expect(sources.update({ tenantId, sourceId: onDemand.id, resyncEveryHours: 0 })).rejects.toMatchObject({ code: 'KNOWLEDGE_INVALID_INPUT' });
  });

  it('after a finished sync, schedules the next one an interval after it', async () => {
    const sources = createSourcesRepository(db);
    await sources.update({ tenantId, sourceId, resyncEveryHours: 6 });
    await enqueueSync(db, { tenantId, sourceId });
    const before = Date.now();
    await worker({ kind: 'helpdesk_articles', documents: () => (async function* () { yield article('a', 'A', 'Text.'); })() }, 0).runNext();
    const next = (await sources.get({ tenantId, sourceId })).nextSyncAt!.getTime();
    expect(next).toBeGreaterThanOrEqual(before + 6 * HOUR - 60_000);
    expect(next).toBeLessThanOrEqual(Date.now() + 6 * HOUR + 60_000);
  });
});
