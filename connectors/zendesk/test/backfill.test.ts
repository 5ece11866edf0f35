import { afterEach, describe, expect, it } from 'vitest';
import type { Message, SyncCursor } from '@threadline/connector-core';
import { createBulkDataset } from '@threadline/connector-core/demo';
import { fakeTime } from '@threadline/connector-core/testing';
import { createZendeskConnector, type ZendeskConnector } from '../src/index.js';
import { INCREMENTAL_EXPORTS_PER_MINUTE, startSandbox, ZENDESK_PLAN_LIMITS, type ZendeskSandbox } from '../src/sandbox/index.js';
import type { ZendeskAuditEvent } from '../src/wire.js';

const TICKETS = 150;
const MESSAGES = 20;
const TICKETS_PER_PAGE = 10;
/** The ticket event export returns at most 1,000 events a page ("Time-based incremental exports"). */
const EVENTS_PER_PAGE = 1000;

/** What the mirror does on a first sync: every change page, its carried threads, and `listMessages` for the rest. */
async function backfill(connector: ZendeskConnector): Promise<{ threads: Map<string, Message[]>; pages: number; threadReads: number }> {
  const threads = new Map<string, Message[]>();
  let cursor: SyncCursor | null = null;
  let pages = 0;
  let threadReads = 0;
  for (;;) {
    const page = await connector.listChanges(cursor);
    pages++;
    for (const ticket of page.tickets) {
      const carried = page.threads?.get(ticket.id);
      if (!carried) threadReads++;
      threads.set(ticket.id, carried ?? (await connector.listMessages(ticket.id)));
    }
    cursor = page.cursor;
    if (!page.hasMore) break;
    expect(pages).toBeLessThan(1000);
  }
  return { threads, pages, threadReads };
}

describe('zendesk backfill on a Suite Professional account', () => {
  let sandbox: ZendeskSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  async function start() {
    const time = fakeTime();
    // Suite Professional: 400 requests a minute; incremental exports 10 a minute (developer.zendesk.com
    // api-reference/introduction/rate-limits; "You can make up to 10 requests per minute to these endpoints").
    sandbox = await startSandbox({ dataset: createBulkDataset({ tickets: TICKETS, messagesPerTicket: MESSAGES }), plan: 'suite-professional', now: time.now });
    const connector = createZendeskConnector({
      baseUrl: sandbox.url,
      auth: sandbox.credentials.auth,
      exportPageSize: TICKETS_PER_PAGE,
      http: { now: time.now, sleep: time.sleep, maxRetries: 6 },
    });
    return { time, connector, sandbox };
  }

  it('mirrors every thread from the ticket event export, paced under 10 exports a minute without a 429', async () => {
    const { time, connector, sandbox: zendesk } = await start();
    const started = time.now();
    const { threads, pages, threadReads } = await backfill(connector);

    expect(threads.size).toBe(TICKETS);
    expect(threadReads).toBe(0);
    for (const ticket of zendesk.dataset.tickets) {
      const thread = threads.get(zendesk.ids.ticket(ticket.key)) ?? [];
      expect(thread.map((message) => [message.bodyText, message.isPublic, message.authorRole])).toEqual(ticket.messages.map((message) => [message.text, message.isPublic, message.role]));
    }
    // Ticket pages, event pages (each restarts at the last one's end second, so 999 new a page at
    // worst, plus the page that finds the end), and no per-ticket comment lists.
    const events = TICKETS * MESSAGES;
    expect(pages).toBe(Math.ceil(TICKETS / TICKETS_PER_PAGE));
    expect(connector.stats.requests).toBeLessThanOrEqual(pages + Math.ceil(events / (EVENTS_PER_PAGE - 1)) + 1);
    expect(connector.stats.rateLimited).toBe(0);
    // More exports than one minute allows: the pacer spread them over simulated minutes.
    expect(connector.stats.requests).toBeGreaterThan(INCREMENTAL_EXPORTS_PER_MINUTE);
    expect(time.now() - started).toBeGreaterThanOrEqual(60_000);
    expect(ZENDESK_PLAN_LIMITS['suite-professional']).toBe(400);
  });

  it('gives the same messages as the Comments API, attachments, public flag and author included', async () => {
    const { time, connector, sandbox: zendesk } = await start();
    const ticketId = Number(zendesk.ids.ticket('bulk-3'));
    const comment = zendesk.state.comments.get(ticketId)?.[2];
    if (!comment) throw new Error('the bulk dataset has no third comment on bulk-3');
    const attachment = { id: 9_001, file_name: 'label.pdf', content_url: `${zendesk.url}/attachments/label.pdf`, content_type: 'application/pdf', size: 2048, inline: false, thumbnails: [] };
    comment.attachments = [attachment];
    const audit = zendesk.state.audits.get(ticketId)?.find((each) => each.id === comment.audit_id);
    const event = audit?.events.find((each): each is Extract<ZendeskAuditEvent, { type: 'Comment' }> => each.type === 'Comment');
    if (!event) throw new Error('the comment has no audit event');
    event.attachments = [attachment];

    const { threads } = await backfill(connector);
    const check = createZendeskConnector({ baseUrl: zendesk.url, auth: zendesk.credentials.auth, http: { now: time.now, sleep: time.sleep } });
    for (const key of ['bulk-0', 'bulk-3', 'bulk-4', `bulk-${TICKETS - 1}`]) {
      const id = zendesk.ids.ticket(key);
      expect(threads.get(id)).toEqual(await check.listMessages(id));
    }
    expect(threads.get(String(ticketId))?.[2]?.attachments).toEqual([{ id: '9001', fileName: 'label.pdf', contentType: 'application/pdf', size: 2048, url: attachment.content_url }]);
    expect(threads.get(String(ticketId))?.filter((message) => !message.isPublic)).toHaveLength(Math.floor(MESSAGES / 6));
  });

  it('reads the threads of a sync resumed by another process with the Comments API, since its events were read before', async () => {
    const { time, sandbox: zendesk } = await start();
    const connect = () => createZendeskConnector({ baseUrl: zendesk.url, auth: zendesk.credentials.auth, exportPageSize: TICKETS_PER_PAGE, http: { now: time.now, sleep: time.sleep, maxRetries: 6 } });
    const first = await connect().listChanges(null);
    expect(first.threads?.size).toBe(TICKETS_PER_PAGE);
    const resumed = connect();
    const second = await resumed.listChanges(first.cursor);
    // Tickets opened before the stored event position cannot be vouched for by this process.
    const carried = second.tickets.filter((ticket) => second.threads?.has(ticket.id));
    for (const ticket of carried) expect(Date.parse(ticket.createdAt)).toBeGreaterThanOrEqual(JSON.parse(first.cursor.value).events * 1000);
    expect(carried.length).toBeLessThan(second.tickets.length);
  });

  it('writes an escalation (group, priority, tags and note) as one ticket update request', async () => {
    const { connector, sandbox: zendesk } = await start();
    const ticketId = zendesk.ids.ticket('bulk-7');
    const before = connector.stats.requests;
    const note = await connector.updateTicketWithNote(
      ticketId,
      { groupId: zendesk.ids.group('escalations'), priority: 'urgent', addTags: ['threadline_escalated'], status: 'open' },
      { bodyText: 'Escalated by Threadline: refund over the limit', idempotencyKey: 'answer-1' },
    );
    expect(connector.stats.requests - before).toBe(1);
    const ticket = zendesk.state.tickets.get(Number(ticketId));
    expect(ticket).toMatchObject({ group_id: Number(zendesk.ids.group('escalations')), priority: 'urgent', status: 'open' });
    expect(ticket?.tags).toEqual(expect.arrayContaining(['bulk', 'threadline_escalated']));
    expect(note).toMatchObject({ isPublic: false });
    expect(note.bodyText).toContain('[threadline:answer-1]');
    // One audit carries the field changes and the note together.
    const audit = zendesk.state.audits.get(Number(ticketId))?.at(-1);
    expect(audit?.events.map((event) => event.type).sort()).toEqual(['Change', 'Change', 'Change', 'Change', 'Comment']);
  });
});
