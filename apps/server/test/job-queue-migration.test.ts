import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, platformMigrations, type Db, type MigrationSet } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { knowledgeMigrations } from '@threadline/knowledge';
import { migrationSets, serverMigrations } from '../src/migrations.js';

/** The migrations as they were before the one queue: each set without the files that built it. */
function setsBefore(scratch: string): MigrationSet[] {
  const newer = new Set(['0002_queue_jobs.sql', '0002_sync_jobs_in_queue.sql', '0019_one_job_queue.sql']);
  return [platformMigrations, knowledgeMigrations, serverMigrations].map((set) => {
    const dir = join(scratch, set.owner);
    cpSync(set.dir, dir, { recursive: true, filter: (path) => !newer.has(basename(path)) });
    return { owner: set.owner, dir };
  });
}

/** Tables, columns, indexes and constraints: what must be the same after an upgrade and on a fresh start. */
async function schemaOf(db: Db): Promise<unknown> {
  const columns = await db.query(
    `select table_name, column_name, data_type, is_nullable, column_default from information_schema.columns
      where table_schema = 'public' and table_name <> 'schema_migrations' order by table_name, column_name`,
  );
  const indexes = await db.query(`select tablename, indexname, indexdef from pg_indexes where schemaname = 'public' order by tablename, indexname`);
  const constraints = await db.query(
    `select conrelid::regclass::text as on_table, conname, pg_get_constraintdef(oid) as definition from pg_constraint
      where connamespace = 'public'::regnamespace order by on_table, conname`,
  );
  return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
}

describe.each(testDatabases())('the one job queue migration on $label', ({ create }) => {
  const scratch = mkdtempSync(join(tmpdir(), 'tl-migrations-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('moves the rows of both old job tables, statuses mapped, and ends like a fresh database', async () => {
    const upgraded = await create();
    const fresh = await create();
    try {
      await migrate(upgraded, setsBefore(scratch));
      const tenantId = (await upgraded.query<{ id: string }>(`insert into tenants (slug, name) values ('acme', 'Acme') returning id`)).rows[0]!.id;
      const sourceId = (await upgraded.query<{ id: string }>(`insert into kb_sources (tenant_id, kind, name) values ($1, 'url', 'Help') returning id`, [tenantId])).rows[0]!.id;
      const old = await upgraded.query<{ id: string; status: string }>(
        `insert into jobs (tenant_id, queue, payload, status, dedupe_key, coalesce_key, attempts, last_error, result, locked_at, locked_by, finished_at) values
           ($1, 'webhook.received', '{"ticketId":"7"}', 'done', 'event:1', 'ticket:7', 1, null, '{"status":"written"}', null, null, now()),
           ($1, 'helpdesk.sync', '{"reason":"api"}', 'failed', null, null, 5, 'Zendesk answered 503', null, null, null, now()),
           ($1, 'agent.replay', '{"limit":5}', 'running', null, null, 1, null, null, now(), 'worker-1', null)
         returning id, status`,
        [tenantId],
      );
      await upgraded.query(`insert into webhook_deliveries (tenant_id, delivery_key, job_id) values ($1, 'event:1', $2)`, [tenantId, old.rows[0]!.id]);
      await upgraded.query(
        `insert into kb_sync_jobs (tenant_id, source_id, status, documents_seen, chunks_written, error, error_code, attempts) values
           ($1, $2, 'succeeded', 5, 7, null, null, 1), ($1, $2, 'failed', 1, 0, 'The URL answered 404', 'KNOWLEDGE_INVALID_INPUT', 1)`,
        [tenantId, sourceId],
      );

      const result = await migrate(upgraded, migrationSets);
      expect(result.applied).toEqual(['platform/0002_queue_jobs.sql', 'knowledge/0002_sync_jobs_in_queue.sql', 'server/0019_one_job_queue.sql']);

      const moved = await upgraded.query<{ queue: string; status: string; payload: unknown; last_error: string | null; error_code: string | null; progress: unknown; locked_by: string | null; has_lease: boolean; coalesce_key: string | null }>(
        `select queue, status, payload, last_error, error_code, progress, locked_by, lease_expires_at is not null as has_lease, coalesce_key
           from queue_jobs where tenant_id = $1 order by queue, status`,
        [tenantId],
      );
      expect(moved.rows).toEqual([
        expect.objectContaining({ queue: 'agent.replay', status: 'running', locked_by: 'worker-1', has_lease: true }),
        expect.objectContaining({ queue: 'helpdesk.sync', status: 'failed', last_error: 'Zendesk answered 503' }),
        expect.objectContaining({ queue: 'knowledge.sync', status: 'failed', last_error: 'The URL answered 404', error_code: 'KNOWLEDGE_INVALID_INPUT', payload: { sourceId }, coalesce_key: `source:${sourceId}` }),
        expect.objectContaining({ queue: 'knowledge.sync', status: 'succeeded', progress: expect.objectContaining({ documentsSeen: 5, chunksWritten: 7 }) }),
        expect.objectContaining({ queue: 'webhook.received', status: 'succeeded', payload: { ticketId: '7' }, coalesce_key: 'ticket:7' }),
      ]);
      const delivery = await upgraded.query<{ job_id: string }>(`select job_id from webhook_deliveries where tenant_id = $1`, [tenantId]);
      expect(delivery.rows[0]?.job_id).toBe(old.rows[0]!.id);
      const leftovers = await upgraded.query(`select table_name from information_schema.tables where table_schema = 'public' and table_name in ('jobs', 'kb_sync_jobs')`);
      expect(leftovers.rows).toEqual([]);

      await migrate(fresh, migrationSets);
      expect(await schemaOf(upgraded)).toEqual(await schemaOf(fresh));
    } finally {
      await upgraded.close();
      await fresh.close();
    }
  });
});
