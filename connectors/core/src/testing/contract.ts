import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isConnectorError, WebhookError } from '../errors.js';
import type { ConnectorHarness } from './harness.js';

/**
 * The promise every `HelpdeskConnector` keeps, run against its vendor's sandbox. A vendor package
 * calls this from its own test file with a factory for a freshly seeded harness.
 */
export function runConnectorContract(name: string, createHarness: () => Promise<ConnectorHarness>): void {
  describe(`${name} connector contract`, () => {
    let h: ConnectorHarness;
    beforeEach(async () => {
      h = await createHarness();
    });
    afterEach(async () => {
      await h.close();
    });

    describe('reading', () => {
      it('gets a ticket with its channel, requester and status', async () => {
        const ticket = await h.connector.getTicket(h.ticketId('jane-email'));
        expect(ticket).toMatchObject({
          id: h.ticketId('jane-email'),
          subject: 'Order NW-10482 has not arrived',
          status: 'pending',
          requesterId: h.customerId('jane-cooper'),
          channel: { channel: 'email' },
        });
        expect(ticket.url).toContain(ticket.id);
      });

      it('says which helpdesk agent its credentials act as', async () => {
        const agent = await h.connector.whoAmI();
        expect(agent.id).toMatch(/^\d+$/);
        expect(agent.name.length).toBeGreaterThan(0);
        expect(agent.role.length).toBeGreaterThan(0);
      });

      it('answers a missing ticket with a typed not-found error', async () => {
        const failure = await h.connector.getTicket('999999999').catch((error: unknown) => error);
        expect(isConnectorError(failure, 'not_found')).toBe(true);
      });

      it('gets a merged customer with every identity', async () => {
        const customer = await h.connector.getCustomer(h.customerId('jane-cooper'));
        expect(customer.name).toBe('Jane Cooper');
        expect(customer.identities).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ type: 'email', value: 'jane.cooper@example.com' }),
            expect.objectContaining({ type: 'phone', value: '+14155550134' }),
          ]),
        );
      });

      it('gets a customer with their organization and its domains, and one without an organization', async () => {
        const jane = await h.connector.getCustomer(h.customerId('jane-cooper'));
        const organization = h.dataset.organizations.find((each) => each.key === 'summit-guides');
        expect(jane.organization).toMatchObject({ name: organization?.name, domains: organization?.domains });
        expect(jane.organization?.id).toMatch(/\S/);
        const lucia = await h.connector.getCustomer(h.customerId('lucia-fernandez'));
        expect(lucia.organization ?? null).toBeNull();
      });

      it('finds the one customer behind a merged identity', async () => {
        const found = await h.connector.findCustomers({ type: 'phone', value: '+1 (415) 555-0134' });
        expect(found.map((customer) => customer.id)).toEqual([h.customerId('jane-cooper')]);
      });

      it('finds a customer by E.164 when the helpdesk holds the number as typed', async () => {
        // customer-0's number is held only as `(312) 555-1000` (demo dataset).
        for (const value of ['+13125551000', '312.555.1000']) {
          const found = await h.connector.findCustomers({ type: 'phone', value });
          expect(found.map((customer) => customer.id)).toEqual([h.customerId('customer-0')]);
          expect(found[0]?.identities).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'phone', value: '+13125551000', raw: '(312) 555-1000' })]));
        }
      });

      it('finds nobody for a caller id without a number', async () => {
        expect(await h.connector.findCustomers({ type: 'phone', value: 'anonymous' })).toEqual([]);
      });

      it("lists every ticket of a customer across identities and channels, oldest first", async () => {
        const tickets = await h.connector.listCustomerTickets(h.customerId('jane-cooper'));
        expect(tickets.map((ticket) => ticket.channel.channel)).toEqual(['email', 'chat', 'voice']);
        expect(tickets.map((ticket) => ticket.id)).toEqual(['jane-email', 'jane-chat', 'jane-call'].map((key) => h.ticketId(key)));
      });

      it('keeps an archived ticket in the history when its id is known, readable with its thread', async () => {
        const archived = h.dataset.tickets.find((ticket) => ticket.isArchived);
        expect(archived).toBeDefined();
        if (!archived) return;
        const id = h.ticketId(archived.key);
        const tickets = await h.connector.listCustomerTickets(h.customerId(archived.customerKey), { knownTicketIds: [id, '999999999'] });
        const found = tickets.find((ticket) => ticket.id === id);
        expect(found).toMatchObject({ id, subject: archived.subject, status: 'closed' });
        // Only a helpdesk that hides its archive says which tickets are in it.
        expect(found?.isArchived ?? false).toBe(h.hidesArchivedTickets);
        expect(tickets.map((ticket) => ticket.id)).not.toContain('999999999');
        expect(tickets.map((ticket) => ticket.createdAt)).toEqual(tickets.map((ticket) => ticket.createdAt).sort());
        expect((await h.connector.getTicket(id)).isArchived ?? false).toBe(h.hidesArchivedTickets);
        const thread = await h.connector.listMessages(id);
        expect(thread.map((message) => message.bodyText)).toEqual(archived.messages.map((message) => expect.stringContaining(message.text.slice(0, 20))));
      });

      it("lists a ticket's thread oldest first with author roles", async () => {
        const messages = await h.connector.listMessages(h.ticketId('jane-email'));
        expect(messages.map((message) => message.authorRole)).toEqual(['customer', 'agent']);
        expect(messages[0]?.bodyText).toContain('NW-10482');
        expect(messages.every((message) => message.isPublic)).toBe(true);
      });

      it('syncs every ticket once through incremental changes across at least three pages', async () => {
        const seen = new Map<string, number>();
        const carried = new Map<string, unknown>();
        let cursor = null;
        let pages = 0;
        for (;;) {
          const page = await h.connector.listChanges(cursor);
          pages++;
          for (const ticket of page.tickets) seen.set(ticket.id, (seen.get(ticket.id) ?? 0) + 1);
          for (const [ticketId, thread] of page.threads ?? []) carried.set(ticketId, thread);
          cursor = page.cursor;
          if (!page.hasMore) break;
          expect(pages).toBeLessThan(100);
        }
        expect(pages).toBeGreaterThanOrEqual(3);
        // A helpdesk that hides its archive leaves archived tickets out of the feed as well.
        expect(seen.size).toBe(h.dataset.tickets.filter((ticket) => !(h.hidesArchivedTickets && ticket.isArchived)).length);
        expect([...seen.values()].every((count) => count === 1)).toBe(true);
        const again = await h.connector.listChanges(cursor);
        expect(again.tickets).toEqual([]);
        expect(again.hasMore).toBe(false);
        // A thread the change stream carries is the one listMessages reads.
        for (const [ticketId, thread] of [...carried].slice(0, 3)) expect(thread).toEqual(await h.connector.listMessages(ticketId));
      });

      it('lists help-center articles with their section path and public URL, and only the changed ones since a time', async () => {
        const articles = await h.connector.listArticles();
        expect(articles).toHaveLength(h.dataset.articles.length);
        const shipping = articles.find((article) => article.title === 'Shipping times and costs');
        expect(shipping?.sectionPath).toEqual(['Orders & Shipping', 'Delivery']);
        expect(shipping?.url).toMatch(/^https?:\/\//);
        expect(shipping?.bodyHtml).toContain('<table>');
        const newest = [...h.dataset.articles].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
        const recent = await h.connector.listArticles({ updatedSince: newest?.updatedAt ?? '' });
        expect(recent.map((article) => article.title)).toContain(newest?.title);
        expect(recent.length).toBeLessThan(articles.length);
      });

      it('lists satisfaction ratings on one good/bad scale, each naming its ticket, and filters by creation time', async () => {
        // Each sandbox serves the dataset's ratings in its vendor's shape (Zendesk good/bad/offered,
        // Freshdesk 103 / -103); answered ones come back as good or bad on the ticket they rate.
        const answered = h.dataset.tickets.filter((ticket) => ticket.satisfaction?.rating === 'good' || ticket.satisfaction?.rating === 'bad');
        expect(answered.length).toBeGreaterThan(1);
        const ratings = await h.connector.listSatisfactionRatings();
        for (const ticket of answered) {
          expect(ratings.find((rating) => rating.ticketId === h.ticketId(ticket.key))).toMatchObject({ score: ticket.satisfaction?.rating });
        }
        expect([...ratings].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((rating) => rating.id)).toEqual(ratings.map((rating) => rating.id));
        const newest = ratings.at(-1) as (typeof ratings)[number];
        const recent = await h.connector.listSatisfactionRatings({ createdSince: newest.createdAt });
        expect(recent.map((rating) => rating.id)).toContain(newest.id);
        expect(recent.length).toBeLessThan(ratings.length);
      });

      it('lists macros', async () => {
        const macros = await h.connector.listMacros();
        expect(macros.map((macro) => macro.title)).toEqual(expect.arrayContaining(h.dataset.macros.map((macro) => macro.title)));
      });
    });

    describe('writing', () => {
      it('adds an internal note that the thread shows as private and the idempotency key finds', async () => {
        const ticketId = h.ticketId('jane-chat');
        const note = await h.connector.addInternalNote(ticketId, { bodyText: 'Draft: a replacement is on its way.', idempotencyKey: 'evt-1' });
        expect(note.isPublic).toBe(false);
        const thread = await h.connector.listMessages(ticketId);
        expect(thread.at(-1)).toMatchObject({ id: note.id, isPublic: false });
        expect(thread.at(-1)?.bodyText).toContain('Draft: a replacement is on its way.');
        expect((await h.connector.findMessageByIdempotencyKey(ticketId, 'evt-1'))?.id).toBe(note.id);
        expect(await h.connector.findMessageByIdempotencyKey(ticketId, 'evt-2')).toBeNull();
      });

      it("reads a note Threadline wrote (it carries the idempotency marker) as Threadline's, whoever the API user is", async () => {
        const ticketId = h.ticketId('jane-chat');
        const note = await h.connector.addInternalNote(ticketId, { bodyText: 'Threadline draft', idempotencyKey: 'evt-bot' });
        expect(note.authorRole).toBe('bot');
        const thread = await h.connector.listMessages(ticketId);
        expect(thread.find((message) => message.id === note.id)?.authorRole).toBe('bot');
      });

      it("opens a phone ticket for the customer with a private description, tags and group, and lists it among the customer's tickets", async () => {
        const groups = await h.connector.listGroups();
        expect(groups.length).toBeGreaterThan(0);
        const [group] = groups;
        const created = await h.connector.createTicket({
          requesterId: h.customerId('jane-cooper'),
          subject: 'Callback requested: tent replacement',
          channel: 'voice',
          bodyText: 'Call Jane back about the replacement tent.',
          tags: ['threadline_handoff', 'handoff_voice'],
          groupId: group?.id,
        });
        expect(created).toMatchObject({ requesterId: h.customerId('jane-cooper'), channel: { channel: 'voice' }, groupId: group?.id, status: 'open' });
        expect(created.tags).toEqual(expect.arrayContaining(['threadline_handoff', 'handoff_voice']));
        const thread = await h.connector.listMessages(created.id);
        expect(thread[0]?.bodyText).toContain('Call Jane back');
        const tickets = await h.connector.listCustomerTickets(h.customerId('jane-cooper'));
        expect(tickets.map((ticket) => ticket.id)).toContain(created.id);
      });

      it('lists the groups an escalation can go to, by name', async () => {
        const groups = await h.connector.listGroups();
        expect(groups.map((group) => group.name)).toEqual(expect.arrayContaining(h.dataset.groups.map((group) => group.name)));
      });

      it('posts a public reply', async () => {
        const ticketId = h.ticketId('jane-chat');
        const reply = await h.connector.replyPublic(ticketId, { bodyText: 'Your replacement ships today.' });
        expect(reply).toMatchObject({ isPublic: true, authorRole: 'agent' });
        const thread = await h.connector.listMessages(ticketId);
        expect(thread.at(-1)?.bodyText).toContain('Your replacement ships today.');
      });

      it('keeps the idempotency marker out of a public reply, which the customer reads', async () => {
        const ticketId = h.ticketId('jane-chat');
        await h.connector.replyPublic(ticketId, { bodyText: 'Your parcel is with the carrier.', idempotencyKey: 'message:contract-public' });
        const written = (await h.connector.listMessages(ticketId)).at(-1);
        expect(written?.bodyText).toContain('Your parcel is with the carrier.');
        expect(written?.bodyText).not.toContain('threadline:');
      });

      it('updates group, priority, tags, status and assignee', async () => {
        const ticketId = h.ticketId('jane-call');
        const escalations = await h.connector.getTicket(h.ticketId('lucia-whatsapp'));
        const updated = await h.connector.updateTicket(ticketId, {
          groupId: escalations.groupId ?? undefined,
          priority: 'urgent',
          addTags: ['threadline_escalated'],
          status: 'open',
          assigneeId: null,
        });
        expect(updated).toMatchObject({ groupId: escalations.groupId, priority: 'urgent', status: 'open', assigneeId: null });
        expect(updated.tags).toEqual(expect.arrayContaining(['threadline_escalated', 'delivery']));
        const replaced = await h.connector.updateTicket(ticketId, { tags: ['only'] });
        expect(replaced.tags).toEqual(['only']);
      });

      it('applies an update and an internal note as one outcome that the idempotency key finds', async () => {
        const ticketId = h.ticketId('jane-chat');
        const escalations = await h.connector.getTicket(h.ticketId('lucia-whatsapp'));
        const before = await h.connector.getTicket(ticketId);
        const note = await h.connector.updateTicketWithNote(
          ticketId,
          { groupId: escalations.groupId ?? undefined, priority: 'high', addTags: ['threadline_escalated'], status: 'open' },
          { bodyText: 'Escalated: the customer asked for a supervisor.', idempotencyKey: 'esc-1' },
        );
        expect(note.isPublic).toBe(false);
        const ticket = await h.connector.getTicket(ticketId);
        expect(ticket).toMatchObject({ groupId: escalations.groupId, priority: 'high', status: 'open' });
        expect(ticket.tags).toEqual(expect.arrayContaining(['threadline_escalated', ...before.tags]));
        expect((await h.connector.findMessageByIdempotencyKey(ticketId, 'esc-1'))?.id).toBe(note.id);
      });

      it('reports a rejected update as a validation error with the field', async () => {
        const failure = await h.connector.updateTicket(h.ticketId('jane-call'), { groupId: '424242424' }).catch((error: unknown) => error);
        expect(isConnectorError(failure, 'validation')).toBe(true);
        if (isConnectorError(failure)) expect(failure.fieldErrors.length).toBeGreaterThan(0);
      });
    });

    describe('faults', () => {
      it('waits out a 429 for as long as Retry-After says, then succeeds', async () => {
        h.faults.set({ rateLimited: 1, retryAfterSeconds: 2 });
        const ticket = await h.connector.getTicket(h.ticketId('jane-email'));
        expect(ticket.id).toBe(h.ticketId('jane-email'));
        expect(h.sleeps).toContain(2000);
        expect(h.stats().rateLimited).toBe(1);
      });

      it('retries a 500 and succeeds', async () => {
        h.faults.set({ serverErrors: 1 });
        const ticket = await h.connector.getTicket(h.ticketId('jane-email'));
        expect(ticket.id).toBe(h.ticketId('jane-email'));
        expect(h.stats().retries).toBe(1);
      });

      it('retries a dropped connection and succeeds', async () => {
        h.faults.set({ drops: 1 });
        const ticket = await h.connector.getTicket(h.ticketId('jane-email'));
        expect(ticket.id).toBe(h.ticketId('jane-email'));
      });

      it('surfaces a helpdesk that never answers as a typed timeout error', async () => {
        h.faults.set({ timeouts: 10 });
        const failure = await h.connectorTimingOutAfter(250).getTicket(h.ticketId('jane-email')).catch((error: unknown) => error);
        expect(isConnectorError(failure, 'timeout')).toBe(true);
      });

      it('gives up on a persistent 500 with a typed unavailable error', async () => {
        h.faults.set({ serverErrors: 10 });
        const failure = await h.connector.getTicket(h.ticketId('jane-email')).catch((error: unknown) => error);
        expect(isConnectorError(failure, 'unavailable')).toBe(true);
      });
    });

    describe('webhooks', () => {
      it('accepts a genuine delivery and parses its ticket', () => {
        const event = h.webhook.verifier.verify(h.webhook.delivery(h.ticketId('jane-call')), h.webhook.secret);
        expect(event.ticketId).toBe(h.ticketId('jane-call'));
      });

      it('gives a redelivery the same ids', () => {
        const delivery = h.webhook.delivery(h.ticketId('jane-call'));
        const first = h.webhook.verifier.verify(delivery, h.webhook.secret);
        const second = h.webhook.verifier.verify(delivery, h.webhook.secret);
        expect([second.eventId, second.deliveryId]).toEqual([first.eventId, first.deliveryId]);
      });

      it('rejects a delivery authenticated with another secret', () => {
        const delivery = h.webhook.delivery(h.ticketId('jane-call'), { secret: 'not-the-secret' });
        expect(() => h.webhook.verifier.verify(delivery, h.webhook.secret)).toThrow(WebhookError);
      });

      it('rejects a delivery whose body was changed', () => {
        const delivery = h.webhook.delivery(h.ticketId('jane-call'));
        const tampered = { ...delivery, rawBody: delivery.rawBody.replace(h.ticketId('jane-call'), h.ticketId('jane-email')) };
        if (h.webhook.hasTimestamp) expect(() => h.webhook.verifier.verify(tampered, h.webhook.secret)).toThrow(WebhookError);
        else expect(h.webhook.verifier.verify(tampered, h.webhook.secret).ticketId).toBe(h.ticketId('jane-email'));
      });

      it('rejects a stale delivery when the vendor signs a timestamp', () => {
        if (!h.webhook.hasTimestamp) return;
        const delivery = h.webhook.delivery(h.ticketId('jane-call'), { timestamp: new Date(Date.now() - 60 * 60 * 1000) });
        expect(() => h.webhook.verifier.verify(delivery, h.webhook.secret)).toThrow(WebhookError);
      });
    });
  });
}
