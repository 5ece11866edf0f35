import Type, { type Static } from 'typebox';
import { JobStatusBody } from './jobs.js';

export const SourceKind = Type.Union(
  [
    Type.Literal('helpdesk_articles'),
    Type.Literal('url'),
    Type.Literal('crawl'),
    Type.Literal('file'),
    Type.Literal('macros'),
    Type.Literal('solved_tickets'),
  ],
  { description: 'helpdesk_articles: the help center; url: pages by URL; crawl: a site; file: uploads; macros; solved_tickets: past answers, redacted' },
);

/** Per-kind settings; the server checks the fields its kind needs. */
export const SourceConfig = Type.Object(
  {
    urls: Type.Optional(Type.Array(Type.String({ pattern: '^https?://' }), { minItems: 1, maxItems: 500 })),
    startUrl: Type.Optional(Type.String({ pattern: '^https?://' })),
    maxPages: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000, description: 'crawl: most pages fetched; default 200. A crawl stopped by it says so in its notes' })),
    maxDepth: Type.Optional(Type.Integer({ minimum: 0, maximum: 20, description: 'crawl: clicks from the start page; default 3' })),
    pathPrefix: Type.Optional(Type.String({ pattern: '^/' })),
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('internal')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'solved_tickets: how many recent tickets' })),
  },
  { additionalProperties: false },
);

const RESYNC_DESCRIPTION = 'Re-sync every N hours (1 to 8760), or null: only when asked. Default for helpdesk_articles: 24; other kinds: null';

/** A re-sync interval in hours (1 h to a year), or null for syncing only when asked. */
export const ResyncEveryHours = Type.Union([Type.Integer({ minimum: 1, maximum: 8760 }), Type.Null()], { description: RESYNC_DESCRIPTION });

/**
 * The same as request input, written as one schema with two types: as a union, the validator's type
 * coercion would turn a 0 (out of range for the integer) into null and silently switch the schedule
 * off instead of refusing it.
 */
export const ResyncEveryHoursInput = Type.Unsafe<number | null>({ type: ['integer', 'null'], minimum: 1, maximum: 8760, description: RESYNC_DESCRIPTION });

/** Counters of a sync as it runs, saved during the run (a poll sees them move), and its notes. */
export const SyncProgressBody = Type.Object({
  documentsSeen: Type.Integer(),
  documentsTotal: Type.Union([Type.Integer(), Type.Null()]),
  documentsChanged: Type.Integer(),
  documentsUnchanged: Type.Integer(),
  documentsDeleted: Type.Integer(),
  chunksWritten: Type.Integer(),
  chunksEmbedded: Type.Integer(),
  current: Type.Union([Type.String(), Type.Null()]),
  notes: Type.Array(Type.String(), {
    description: 'What the sync has to say in words: a crawl stopped at its page cap or depth limit (and how to go further), pages skipped and why',
  }),
});

export const SourceBody = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    kind: SourceKind,
    name: Type.String(),
    config: Type.Record(Type.String(), Type.Unknown()),
    status: Type.String(),
    lastSyncedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()]),
    documentCount: Type.Integer(),
    chunkCount: Type.Integer(),
    lastSyncNotes: Type.Array(Type.String(), { description: "The last finished sync's notes (see KnowledgeSyncJob progress.notes)" }),
    resyncEveryHours: ResyncEveryHours,
    nextSyncAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'When the schedule syncs it next; null without a schedule' }),
    activeSync: Type.Union([Type.Object({ jobId: Type.String({ format: 'uuid' }), status: JobStatusBody, progress: SyncProgressBody }), Type.Null()], {
      description: 'The sync queued or running now, with its live progress; null when none',
    }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'KnowledgeSource' },
);

export const SyncJobBody = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    sourceId: Type.String({ format: 'uuid' }),
    status: JobStatusBody,
    progress: SyncProgressBody,
    lastError: Type.Union([Type.String(), Type.Null()]),
    errorCode: Type.Union([Type.String(), Type.Null()]),
    attempts: Type.Integer(),
    maxAttempts: Type.Integer(),
    runAt: Type.String({ format: 'date-time' }),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  },
  { $id: 'KnowledgeSyncJob' },
);

export const DocumentBody = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    sourceId: Type.String({ format: 'uuid' }),
    externalId: Type.String(),
    title: Type.String(),
    url: Type.Union([Type.String(), Type.Null()]),
    locale: Type.String(),
    visibility: Type.String(),
    sectionPath: Type.Array(Type.String()),
    isExcluded: Type.Boolean(),
    chunkCount: Type.Integer(),
    embeddingModel: Type.String(),
    updatedAt: Type.String({ format: 'date-time' }),
  },
  { $id: 'KnowledgeDocument' },
);

export const ChunkBody = Type.Object({
  id: Type.String(),
  position: Type.Integer(),
  heading: Type.String(),
  sectionPath: Type.Array(Type.String()),
  content: Type.String(),
  charCount: Type.Integer(),
  embeddingModel: Type.String(),
  embeddingDims: Type.Integer(),
  isExcluded: Type.Boolean({ description: 'Taken out of retrieval on its own (the document has its own switch); kept across re-syncs while the text is unchanged' }),
});

/** PATCH /v1/kb/chunks/:id */
export const ChunkPatchBody = Type.Object({ isExcluded: Type.Boolean() });

export const SearchBody = Type.Object({
  query: Type.String({ minLength: 1, maxLength: 2000 }),
  k: Type.Integer({ minimum: 1, maximum: 50, default: 5 }),
  mode: Type.Union([Type.Literal('hybrid'), Type.Literal('vector'), Type.Literal('text')], { default: 'hybrid' }),
  sourceIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50 })),
  locale: Type.Optional(Type.String({ maxLength: 35 })),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('any')], { default: 'public' }),
});

export const PassageBody = Type.Object({
  chunkId: Type.String(),
  documentId: Type.String(),
  sourceId: Type.String(),
  title: Type.String(),
  sectionPath: Type.Array(Type.String()),
  url: Type.Union([Type.String(), Type.Null()]),
  content: Type.String(),
  locale: Type.String(),
  visibility: Type.String(),
  scores: Type.Object({ vector: Type.Union([Type.Number(), Type.Null()]), text: Type.Union([Type.Number(), Type.Null()]), fused: Type.Number() }),
  ranks: Type.Object(
    { vector: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]), text: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]) },
    { description: 'Its place (from 1) in the vector and the text search before fusion; null when that search did not return it' },
  ),
});

export type SourceKindName = Static<typeof SourceKind>;
export type SourceConfigBody = Static<typeof SourceConfig>;
export type KnowledgeSourceBody = Static<typeof SourceBody>;
export type KnowledgeSyncJobBody = Static<typeof SyncJobBody>;
export type KnowledgeDocumentBody = Static<typeof DocumentBody>;
export type KnowledgeChunkBody = Static<typeof ChunkBody>;
export type KnowledgeSearchBody = Static<typeof SearchBody>;
export type KnowledgePassageBody = Static<typeof PassageBody>;
