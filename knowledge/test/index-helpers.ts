/**
 * Shared setup of the index tests: a migrated database, tenants and sources, documents as an
 * async iterable, and an embedder wrapper that counts what it embeds.
 */
import { migrate, platformMigrations, type Db } from '@threadline/platform/db';
import type { Worker } from '@threadline/platform/queue';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Embedder, EmbedOptions } from '../src/embeddings/embedder.js';
import { knowledgeMigrations } from '../src/index.js';
import { createSourcesRepository } from '../src/store/sources-repository.js';
import type { SourceDocument } from '../src/types.js';

export async function migratedDb(create: () => Promise<Db>): Promise<Db> {
  const db = await create();
  await migrate(db, [platformMigrations, knowledgeMigrations]);
  return db;
}

let tenantCounter = 0;

/** A new tenant; without a slug, a unique one (tests share one database and isolate by tenant). */
export async function createTenant(db: Db, slug = `t-${process.pid}-${++tenantCounter}`): Promise<string> {
  const { rows } = await db.query<{ id: string }>('insert into tenants (slug, name) values ($1, $1) returning id', [slug]);
  return (rows[0] as { id: string }).id;
}

export async function createSource(db: Db, tenantId: string, name = 'Help center'): Promise<string> {
  const source = await createSourcesRepository(db).create({ tenantId, kind: 'helpdesk_articles', name });
  return source.id;
}

export async function* iterate(documents: readonly SourceDocument[]): AsyncIterable<SourceDocument> {
  for (const document of documents) yield document;
}

/** A public English article. */
export function article(externalId: string, title: string, markdown: string, extra: Partial<SourceDocument> = {}): SourceDocument {
  return { externalId, title, url: `https://help.example.com/${externalId}`, locale: 'en', visibility: 'public', updatedAt: null, markdown, ...extra };
}

export interface CountingEmbedder extends Embedder {
  /** Every text passed to `embed` with a `document` input type. */
  readonly documentTexts: string[];
  /** Every text passed to `embed` with a `query` input type. */
  readonly queryTexts: string[];
  reset(): void;
}

/** Wraps an embedder and records what it is asked to embed. */
export function countingEmbedder(inner: Embedder): CountingEmbedder {
  const documentTexts: string[] = [];
  const queryTexts: string[] = [];
  return {
    model: inner.model,
    dimensions: inner.dimensions,
    ...(inner.maxBatchSize === undefined ? {} : { maxBatchSize: inner.maxBatchSize }),
    documentTexts,
    queryTexts,
    reset() {
      documentTexts.length = 0;
      queryTexts.length = 0;
    },
    embed(texts: string[], options?: EmbedOptions) {
      (options?.inputType === 'query' ? queryTexts : documentTexts).push(...texts);
      return inner.embed(texts, options);
    },
  };
}

/**
 * The setup of the sync tests: one migrated database for the file; per test an empty queue (a
 * worker serves every tenant), a new tenant and a help-center source; the workers a test started
 * (pushed to `workers`) stopped at the end. Read the fields inside tests, after the hooks ran.
 */
export function useSyncFixture(create: () => Promise<Db>): { db: Db; tenantId: string; sourceId: string; workers: Worker[] } {
  const fixture = { db: undefined as unknown as Db, tenantId: '', sourceId: '', workers: [] as Worker[] };
  beforeAll(async () => {
    fixture.db = await migratedDb(create);
  });
  afterAll(async () => {
    await Promise.all(fixture.workers.map((worker) => worker.stop()));
    await fixture.db.close();
  });
  beforeEach(async () => {
    await fixture.db.query('delete from queue_jobs');
    fixture.tenantId = await createTenant(fixture.db);
    fixture.sourceId = await createSource(fixture.db, fixture.tenantId);
  });
  return fixture;
}
