import type { HelpdeskKind } from '@threadline/vocabulary';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBulkDataset } from '@threadline/connector-core/demo';
import { recordingFetch, type RecordedCall } from '@threadline/connector-core/testing';
import type { Db } from '@threadline/platform/db';
import { migrate } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { createFreshdeskConnector } from '@threadline/freshdesk';
import { startSandbox as startFreshdesk, type FreshdeskSandbox } from '@threadline/freshdesk/sandbox';
import { createZendeskConnector } from '@threadline/zendesk';
import { startSandbox as startZendesk, type ZendeskSandbox } from '@threadline/zendesk/sandbox';
import { migrationSets } from '../src/migrations.js';
import type { HelpdeskRegistry } from '../src/helpdesk/helpdesk-registry.js';
import { createHelpdeskSync } from '../src/mirror/helpdesk-sync.js';
import { createMirrorSync } from '../src/mirror/mirror-sync.js';
import { createTenant } from '../src/tenants/tenants-repository.js';

const TICKETS = 40;
const MESSAGES = 8;

const paths = (calls: readonly RecordedCall[]) => calls.map((call) => `${call.method} ${call.path}`);

describe.each(testDatabases())('the mirror backfill on $label', ({ create }) => {
  let db: Db;
  let zendesk: ZendeskSandbox;
  let freshdesk: FreshdeskSandbox;

  beforeAll(async () => {
    db = await create();
    await migrate(db, migrationSets);
    const dataset = () => createBulkDataset({ tickets: TICKETS, messagesPerTicket: MESSAGES });
    [zendesk, freshdesk] = await Promise.all([startZendesk({ dataset: dataset() }), startFreshdesk({ dataset: dataset() })]);
  });

  afterAll(async () => {
    await Promise.all([db?.close(), zendesk?.close(), freshdesk?.close()]);
  });

  async function tenantOn(slug: string, kind: HelpdeskKind, baseUrl: string): Promise<string> {
    return db.transaction(async (tx) => {
      const tenant = await createTenant(tx, { slug, name: slug });
      await tx.query(`insert into helpdesk_connections (tenant_id, kind, base_url, credentials, webhook_secret, sidebar_secret) values ($1, $2, $3, '{}', 'secret', 'sidebar')`, [tenant.id, kind, baseUrl]);
      return tenant.id;
    });
  }

  const mirroredMessages = async (tenantId: string) => Number((await db.query<{ n: string }>(`select count(*) as n from messages where tenant_id = $1`, [tenantId])).rows[0]?.n);

  it('fills the mirror from Zendesk with threads from the ticket event export, reading no comment lists', async () => {
    const tenantId = await tenantOn('backfill-zendesk', 'zendesk', zendesk.url);
    const calls: RecordedCall[] = [];
    const connector = createZendeskConnector({ baseUrl: zendesk.url, auth: zendesk.credentials.auth, http: { fetch: recordingFetch(calls) } });
    const result = await createMirrorSync(db).syncChanges(tenantId, connector);
    expect(result).toMatchObject({ tickets: TICKETS, newMessages: TICKETS * MESSAGES, caughtUp: true });
    expect(await mirroredMessages(tenantId)).toBe(TICKETS * MESSAGES);
    expect(paths(calls).filter((call) => call.endsWith('/comments'))).toEqual([]);
    expect(paths(calls).filter((call) => call.includes('/incremental/'))).toEqual(['GET /api/v2/incremental/tickets/cursor', 'GET /api/v2/incremental/ticket_events']);
  });

  it('refreshes a burst of events on a new customer’s tickets with one history pull: each thread read once, the waiting events served by what the pull wrote', async () => {
    const tenantId = await tenantOn('burst-zendesk', 'zendesk', zendesk.url);
    const calls: RecordedCall[] = [];
    const connector = createZendeskConnector({ baseUrl: zendesk.url, auth: zendesk.credentials.auth, http: { fetch: recordingFetch(calls) } });
    // The bulk dataset gives each customer four tickets in a row: bulk-20 … bulk-23 are customer 5's.
    const ids = [20, 21, 22, 23].map((t) => zendesk.ids.ticket(`bulk-${t}`));
    const mirror = createMirrorSync(db);
    const results = await Promise.all(ids.map((id) => mirror.refreshTicket(tenantId, connector, id)));
    expect(new Set(results.map((result) => result.customerId)).size).toBe(1);
    expect(paths(calls).filter((call) => call.endsWith('/tickets/requested'))).toHaveLength(1);
    expect(paths(calls).filter((call) => call.endsWith('/comments')).sort()).toEqual(ids.map((id) => `GET /api/v2/tickets/${id}/comments`).sort());
    expect(await mirroredMessages(tenantId)).toBe(ids.length * MESSAGES);
  });

  it('reads no thread again for Freshdesk tickets the mirror holds unchanged', async () => {
    const tenantId = await tenantOn('backfill-freshdesk', 'freshdesk', freshdesk.url);
    const calls: RecordedCall[] = [];
    const connector = createFreshdeskConnector({ baseUrl: freshdesk.url, auth: { apiKey: freshdesk.credentials.apiKey }, http: { fetch: recordingFetch(calls) } });
    const mirror = createMirrorSync(db);
    expect(await mirror.syncChanges(tenantId, connector)).toMatchObject({ tickets: TICKETS, newMessages: TICKETS * MESSAGES });
    expect(paths(calls).filter((call) => call.endsWith('/conversations'))).toHaveLength(TICKETS);

    // The same tickets again (a sync started over): their updated_at is what the mirror holds.
    await db.query(`update helpdesk_connections set sync_cursor = null where tenant_id = $1`, [tenantId]);
    calls.length = 0;
    expect(await mirror.syncChanges(tenantId, connector)).toMatchObject({ tickets: TICKETS, newMessages: 0 });
    expect(paths(calls).filter((call) => call.endsWith('/conversations'))).toEqual([]);
    expect(await mirroredMessages(tenantId)).toBe(TICKETS * MESSAGES);
  });

  it('stops a sync in the middle of a page when the server shuts down: the requests in hand end at once, nothing is half-written, no error is recorded, the next run goes on', async () => {
    const tenantId = await tenantOn('backfill-stopped', 'freshdesk', freshdesk.url);
    const stop = new AbortController();
    let conversationsAsked = 0;
    let askedAfterStop = 0;
    // The shutdown comes while the page's threads are being read: the fifth thread's request is
    // under way (and never answered), others wait for a free slot.
    const stoppingFetch: typeof fetch = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.endsWith('/conversations')) return fetch(input, init);
      if (stop.signal.aborted) askedAfterStop += 1;
      conversationsAsked += 1;
      if (conversationsAsked < 5) return fetch(input, init);
      stop.abort();
      const signal = init?.signal;
      return new Promise<Response>((_, reject) => {
        if (signal?.aborted) reject(signal.reason);
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    };
    // Without the stop reaching the request, it would fail on its own timeout and be recorded as the helpdesk's error.
    const connector = createFreshdeskConnector({
      baseUrl: freshdesk.url,
      auth: { apiKey: freshdesk.credentials.apiKey },
      http: { fetch: stoppingFetch, timeoutMs: 5_000, maxRetries: 0 },
    });
    const helpdesks = (forConnector: typeof connector) => ({ forTenant: async () => ({ connector: forConnector }) }) as unknown as HelpdeskRegistry;
    const sync = createHelpdeskSync({ db, mirror: createMirrorSync(db), helpdesks: helpdesks(connector) });
    await expect(sync.run(tenantId, { signal: stop.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(askedAfterStop).toBe(0);
    const connection = (await db.query<{ sync_cursor: string | null; last_sync_error: string | null }>(`select sync_cursor, last_sync_error from helpdesk_connections where tenant_id = $1`, [tenantId])).rows[0];
    expect(connection).toEqual({ sync_cursor: null, last_sync_error: null });
    expect(await mirroredMessages(tenantId)).toBe(0);

    const real = createFreshdeskConnector({ baseUrl: freshdesk.url, auth: { apiKey: freshdesk.credentials.apiKey } });
    const next = createHelpdeskSync({ db, mirror: createMirrorSync(db), helpdesks: helpdesks(real) });
    expect(await next.run(tenantId)).toMatchObject({ newMessages: TICKETS * MESSAGES, caughtUp: true });
    expect(await mirroredMessages(tenantId)).toBe(TICKETS * MESSAGES);
  });

  it('stops between pages when the shutdown comes after a page is written: that page stays, with its cursor', async () => {
    const tenantId = await tenantOn('backfill-stopped-between', 'freshdesk', freshdesk.url);
    const real = createFreshdeskConnector({ baseUrl: freshdesk.url, auth: { apiKey: freshdesk.credentials.apiKey } });
    const stop = new AbortController();
    let pagesRead = 0;
    // The first page claims more follow; the shutdown comes once it is written.
    const connector = Object.assign(Object.create(real) as typeof real, {
      async listChanges(cursor: Parameters<typeof real.listChanges>[0]) {
        if (pagesRead === 1) stop.abort();
        const page = await real.listChanges(cursor);
        pagesRead += 1;
        return cursor ? page : { ...page, hasMore: true };
      },
    });
    const sync = createHelpdeskSync({ db, mirror: createMirrorSync(db), helpdesks: { forTenant: async () => ({ connector }) } as unknown as HelpdeskRegistry });
    await expect(sync.run(tenantId, { signal: stop.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(pagesRead).toBe(1);
    const connection = (await db.query<{ sync_cursor: string | null; last_sync_error: string | null }>(`select sync_cursor, last_sync_error from helpdesk_connections where tenant_id = $1`, [tenantId])).rows[0];
    expect(connection?.sync_cursor).not.toBeNull();
    expect(connection?.last_sync_error).toBeNull();
    expect(await mirroredMessages(tenantId)).toBe(TICKETS * MESSAGES);
  });
});
