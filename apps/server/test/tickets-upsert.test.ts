import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, Ticket } from '@threadline/connector-core';
import type { Db } from '@threadline/platform/db';
import { migrate } from '@threadline/platform/db';
import { testDatabases } from '@threadline/platform/testing';
import { migrationSets } from '../src/migrations.js';
import { upsertMessages, upsertTicketWithThread, upsertTickets } from '../src/mirror/tickets-repository.js';
import { markCustomerStaleStep } from '../src/reports/stale-facts.js';
import { getTicketWithTimeline } from '../src/mirror/timeline-repository.js';
import { tenantScope } from '@threadline/platform';
import { createTenant } from '../src/tenants/tenants-repository.js';

const ticket = (id: string, fields: Partial<Ticket> = {}): Ticket => ({
  id,
  subject: `Ticket ${id}`,
  status: 'open',
  rawStatus: 'open',
  priority: null,
  requesterId: 'r-1',
  groupId: null,
  assigneeId: null,
  tags: ['zeta', 'alpha', 'mid'],
  channel: { channel: 'email', raw: 'email' },
  url: `https://helpdesk.example/tickets/${id}`,
  createdAt: '2026-10-01T08:00:00Z',
  updatedAt: '2026-10-01T09:00:00Z',
  ...fields,
});

const message = (id: string, text: string): Message => ({
  id,
  ticketId: 'unused',
  authorId: 'r-1',
  authorRole: 'customer',
  isPublic: true,
  channel: { channel: 'email', raw: 'email' },
  bodyText: text,
  bodyHtml: null,
  attachments: [],
  createdAt: '2026-10-01T08:00:00Z',
});

describe.each(testDatabases())('tickets and threads mirrored many to a statement on $label', ({ create }) => {
  let db: Db;
  const tenants: Array<{ tenantId: string; customerId: string }> = [];

  beforeAll(async () => {
    db = await create();
    await migrate(db, migrationSets);
    for (const slug of ['upsert-a', 'upsert-b']) {
      const tenant = await createTenant(db, { slug, name: slug });
      const { rows } = await db.query<{ id: string }>(`insert into customers (tenant_id, name, locale, created_at) values ($1, 'Ada', 'en', now()) returning id`, [tenant.id]);
      tenants.push({ tenantId: tenant.id, customerId: (rows[0] as { id: string }).id });
    }
  });

  afterAll(async () => {
    await db?.close();
  });

  const row = async (tenantId: string, externalId: string) =>
    (
      await db.query<{ id: string; tags: string[]; status: string; solved_at: Date | null; reopens: number; synced_at: Date }>(
        `select id, tags, status, solved_at, reopens, synced_at from tickets where tenant_id = $1 and external_id = $2`,
        [tenantId, externalId],
      )
    ).rows[0];

  it('writes new, changed and unchanged tickets in one call, each tenant its own rows, with the solve rules of one at a time', async () => {
    const [a, b] = tenants as [{ tenantId: string; customerId: string }, { tenantId: string; customerId: string }];
    const first = new Date('2026-10-02T00:00:00Z');
    const ids = await upsertTickets(db, a.tenantId, [{ ticket: ticket('1'), customerId: a.customerId }, { ticket: ticket('2', { status: 'solved', rawStatus: 'solved' }), customerId: a.customerId }], first);
    expect([...ids.keys()].sort()).toEqual(['1', '2']);
    expect(await row(a.tenantId, '1')).toMatchObject({ id: ids.get('1'), tags: ['zeta', 'alpha', 'mid'], solved_at: null, reopens: 0, synced_at: first });
    // Solved without the helpdesk's own solve time: solved at its updated_at.
    expect((await row(a.tenantId, '2'))?.solved_at).toEqual(new Date('2026-10-01T09:00:00Z'));

    // Another tenant's ticket of the same helpdesk id is a row of its own.
    const other = await upsertTickets(db, b.tenantId, [{ ticket: ticket('1'), customerId: b.customerId }], first);
    expect(other.get('1')).not.toBe(ids.get('1'));

    const later = new Date('2026-10-03T00:00:00Z');
    const again = await upsertTickets(
      db,
      a.tenantId,
      [
        // Unchanged: not touched (synced_at stays), its id still returned.
        { ticket: ticket('1'), customerId: a.customerId },
        // Reopened: the last solve kept, one reopen counted.
        { ticket: ticket('2', { updatedAt: '2026-10-02T10:00:00Z' }), customerId: a.customerId },
        // Solved now with the helpdesk's own solve time.
        { ticket: ticket('3', { status: 'solved', rawStatus: 'solved', solvedAt: '2026-10-02T11:30:00Z' }), customerId: a.customerId },
      ],
      later,
    );
    expect(again.get('1')).toBe(ids.get('1'));
    expect(again.get('2')).toBe(ids.get('2'));
    expect((await row(a.tenantId, '1'))?.synced_at).toEqual(first);
    expect(await row(a.tenantId, '2')).toMatchObject({ status: 'open', solved_at: new Date('2026-10-01T09:00:00Z'), reopens: 1, synced_at: later });
    expect((await row(a.tenantId, '3'))?.solved_at).toEqual(new Date('2026-10-02T11:30:00Z'));
    // Solved again later with the helpdesk's own time: that time wins over the update's.
    await upsertTickets(db, a.tenantId, [{ ticket: ticket('2', { status: 'solved', rawStatus: 'solved', updatedAt: '2026-10-04T10:00:00Z', solvedAt: '2026-10-04T09:59:00Z' }), customerId: a.customerId }], later);
    expect((await row(a.tenantId, '2'))?.solved_at).toEqual(new Date('2026-10-04T09:59:00Z'));
    expect(await upsertTickets(db, a.tenantId, [], later)).toEqual(new Map());
  });

  it('writes the threads of several tickets in one call, counting only new messages', async () => {
    const [a] = tenants as [{ tenantId: string; customerId: string }];
    const ids = await upsertTickets(db, a.tenantId, [{ ticket: ticket('10'), customerId: a.customerId }, { ticket: ticket('11'), customerId: a.customerId }], new Date());
    const ten = ids.get('10') as string;
    const eleven = ids.get('11') as string;
    // The same message id on two tickets is two messages; one named twice on a ticket keeps its last copy.
    expect(await upsertMessages(db, a.tenantId, [{ ticketId: ten, messages: [message('m1', 'old'), message('m1', 'hello'), message('m2', 'more')] }, { ticketId: eleven, messages: [message('m1', 'other')] }])).toBe(3);
    expect(await upsertMessages(db, a.tenantId, [{ ticketId: ten, messages: [message('m1', 'edited'), message('m3', 'new')] }, { ticketId: eleven, messages: [] }])).toBe(1);
    const { rows } = await db.query<{ ticket_id: string; external_id: string; body_text: string }>(
      `select ticket_id, external_id, body_text from messages where tenant_id = $1 and ticket_id = any($2::uuid[]) order by ticket_id = $3 desc, external_id`,
      [a.tenantId, [ten, eleven], ten],
    );
    expect(rows.map((each) => [each.ticket_id === ten ? '10' : '11', each.external_id, each.body_text])).toEqual([
      ['10', 'm1', 'edited'],
      ['10', 'm2', 'more'],
      ['10', 'm3', 'new'],
      ['11', 'm1', 'other'],
    ]);
    expect(await upsertMessages(db, a.tenantId, [])).toBe(0);

    // Read back in one statement: the ticket, its customer, the customer's items newest first.
    const read = await getTicketWithTimeline(db, tenantScope(a.tenantId), '11', 3);
    expect(read?.ticket).toMatchObject({ id: eleven, externalId: '11', customer: { id: a.customerId, name: 'Ada', locale: 'en' } });
    expect(read?.items.map((item) => [item.ticket.externalId, item.bodyText])).toHaveLength(3);
    // A ticket whose customer has written nothing yet still reads, with no item; another tenant's is not there.
    const [, b] = tenants as [unknown, { tenantId: string; customerId: string }];
    await upsertTickets(db, b.tenantId, [{ ticket: ticket('12'), customerId: b.customerId }], new Date());
    expect(await getTicketWithTimeline(db, tenantScope(b.tenantId), '12', 3)).toMatchObject({ ticket: { externalId: '12' }, items: [] });
    expect(await getTicketWithTimeline(db, tenantScope(b.tenantId), '11', 3)).toBeNull();
  });

  it('writes one ticket, its thread and a step beside them in one statement', async () => {
    const [a] = tenants as [{ tenantId: string; customerId: string }];
    const pending = async () => (await db.query(`select 1 from report_facts_pending where tenant_id = $1 and customer_id = $2`, [a.tenantId, a.customerId])).rows.length;
    await db.query(`delete from report_facts_pending where tenant_id = $1`, [a.tenantId]);
    const step = markCustomerStaleStep('($3::uuid[])[1]');
    // A new ticket: the row and its messages in the same statement.
    const first = await upsertTicketWithThread(db, a.tenantId, { ticket: ticket('20'), customerId: a.customerId, messages: [message('m1', 'hi'), message('m2', 'there')], fetchedAt: new Date(), alsoStep: step });
    expect(first.newMessages).toBe(2);
    expect(await pending()).toBe(1);
    // Unchanged ticket, one new message and an edit: the same id, one new.
    const again = await upsertTicketWithThread(db, a.tenantId, { ticket: ticket('20'), customerId: a.customerId, messages: [message('m1', 'hi!'), message('m3', 'more')], fetchedAt: new Date() });
    expect(again).toEqual({ ticketId: first.ticketId, newMessages: 1 });
    const { rows } = await db.query<{ external_id: string; body_text: string }>(`select external_id, body_text from messages where tenant_id = $1 and ticket_id = $2 order by external_id`, [a.tenantId, first.ticketId]);
    expect(rows.map((row) => [row.external_id, row.body_text])).toEqual([['m1', 'hi!'], ['m2', 'there'], ['m3', 'more']]);
    // An empty thread writes the ticket alone.
    expect((await upsertTicketWithThread(db, a.tenantId, { ticket: ticket('21'), customerId: a.customerId, messages: [], fetchedAt: new Date() })).newMessages).toBe(0);
  });
});
