import { ConnectorError, type ChangesPage, type SyncCursor } from '@threadline/connector-core';
import type { FreshdeskContext } from './context.js';
import { mapTicket } from './mappers.js';
import { fetchPage, MAX_PAGES, type Page } from './pagination.js';
import type { FdTicket } from './wire-types.js';

/** `updated_since` for "from the beginning"; Freshdesk lists only the last 30 days without one. */
export const EPOCH = '2000-01-01T00:00:00Z';

/**
 * Where a sync stopped: the `updated_at` of the last ticket returned and the ids returned with
 * exactly that time. `updated_since` is inclusive and has one-second resolution, so the next call
 * asks from that same second again and drops the ids it already gave out.
 */
interface ChangesState {
  since: string;
  ids: number[];
}

function decode(cursor: SyncCursor | null): ChangesState {
  if (!cursor) return { since: EPOCH, ids: [] };
  try {
    const parsed = JSON.parse(cursor.value) as Partial<ChangesState>;
    if (typeof parsed.since === 'string' && !Number.isNaN(Date.parse(parsed.since)) && Array.isArray(parsed.ids)) {
      return { since: parsed.since, ids: parsed.ids.filter((id): id is number => typeof id === 'number') };
    }
  } catch {
    // Falls through to the typed error below.
  }
  throw new ConnectorError({ vendor: 'freshdesk', kind: 'validation', message: 'The sync cursor is not a Freshdesk changes cursor', fieldErrors: [{ field: 'cursor', message: 'unreadable', code: 'invalid_value' }] });
}

const encode = (state: ChangesState): SyncCursor => ({ value: JSON.stringify(state) });
const time = (value: string) => Date.parse(value);

/**
 * One page of tickets changed since the cursor, oldest change first: `GET /tickets?updated_since=
 * &order_by=updated_at&order_type=asc&per_page=100&include=description`. Each call restarts at page
 * 1 from the cursor's time, so the 300-page cap never applies; further pages are read only when a
 * whole page was already-seen ties. Freshdesk's ticket list carries no full contact records, so
 * `customers` is empty: callers read the requesters they do not know with `getCustomer`.
 *
 * Credits (developers.freshdesk.com/api/#ratelimit; List All Tickets: "Each include will consume an
 * additional 2 credits"): a page of 100 with `description` and `stats` costs 5 credits, and the
 * description is the thread's first message, so each ticket's thread is then one conversations call
 * (1 credit for up to 100 conversations; `listMessages` takes the ticket from the memo) instead of a
 * ticket view plus the conversations. Per 100 tickets of up to 99 replies: 5 + 100 credits, against
 * 1 + 100 + 100 without the includes. `stats` (+2 a page, 0.02 a ticket) carries the helpdesk's own
 * resolve time and last reopen, which a view per ticket (1 + 2 credits each) would cost 150 times
 * as much to read. `requester` (+2) would not spare `getCustomer`: it embeds only name, email, phone
 * and mobile [guess from the example response], not other emails, the X handle or the company;
 * `company` is not needed by the mirror.
 */
export async function listFreshdeskChanges(context: FreshdeskContext, cursor: SyncCursor | null): Promise<ChangesPage> {
  const state = decode(cursor);
  const seen = new Set(state.ids);
  const since = time(state.since);
  let page: Page<FdTicket> = await fetchPage<FdTicket>(context.client, context.apiBaseUrl, '/tickets', {
    updated_since: state.since,
    order_by: 'updated_at',
    order_type: 'asc',
    per_page: context.pageSize,
    include: 'description,stats',
    page: 1,
  });
  for (let pages = 1; ; pages++) {
    const fresh = page.items.filter((ticket) => time(ticket.updated_at) > since || (time(ticket.updated_at) === since && !seen.has(ticket.id)));
    if (fresh.length > 0 || !page.next || pages >= MAX_PAGES) {
      const last = fresh.at(-1);
      let next = state;
      if (last) {
        const lastTime = time(last.updated_at);
        const ids = fresh.filter((ticket) => time(ticket.updated_at) === lastTime).map((ticket) => ticket.id);
        next = { since: last.updated_at, ids: lastTime === since ? [...state.ids, ...ids] : ids };
      }
      // The thread reads that follow take the description from here instead of a ticket view.
      for (const ticket of fresh) context.memo.put(ticket);
      const fields = await context.account.fieldsFor(fresh);
      return { tickets: fresh.map((ticket) => mapTicket(ticket, context.baseUrl, fields)), customers: [], cursor: encode(next), hasMore: page.next !== null };
    }
    page = await fetchPage<FdTicket>(context.client, context.apiBaseUrl, page.next);
  }
}
