import type { HelpdeskConnector, SyncCursor } from '../connector.js';
import type { Ticket } from '../model.js';
import { fakeTime } from './fake-time.js';

/** What one full backfill read. */
export interface BackfillCounts {
  pages: number;
  tickets: number;
  messages: number;
  /** Threads read with `listMessages` because the change page did not carry them. */
  threadReads: number;
  /** Requesters read with `getCustomer` because the change page did not carry them. */
  customerReads: number;
}

/**
 * Pulls everything a first sync of the mirror pulls, with the same calls (`listChanges` from no
 * cursor, the carried threads, `listMessages` for the others, `getCustomer` for requesters a page
 * did not carry), one request at a time: under a helpdesk's rate limits the budget, not latency,
 * bounds a backfill, and a simulated clock stays exact when nothing overlaps.
 */
export async function backfillAll(connector: HelpdeskConnector, options: { maxPages?: number } = {}): Promise<BackfillCounts> {
  const counts: BackfillCounts = { pages: 0, tickets: 0, messages: 0, threadReads: 0, customerReads: 0 };
  const customers = new Set<string>();
  let cursor: SyncCursor | null = null;
  for (;;) {
    const page = await connector.listChanges(cursor);
    counts.pages++;
    for (const customer of page.customers) customers.add(customer.id);
    for (const ticket of page.tickets) {
      let thread = page.threads?.get(ticket.id);
      if (!thread) {
        counts.threadReads++;
        thread = await connector.listMessages(ticket.id);
      }
      counts.tickets++;
      counts.messages += thread.length;
      if (!customers.has(ticket.requesterId)) {
        counts.customerReads++;
        customers.add((await connector.getCustomer(ticket.requesterId)).id);
        customers.add(ticket.requesterId);
      }
    }
    cursor = page.cursor;
    if (!page.hasMore || counts.pages >= (options.maxPages ?? 100_000)) return counts;
  }
}

/** Every ticket the change stream returns from no cursor, by id (the latest copy of each). */
export async function changedTickets(connector: Pick<HelpdeskConnector, 'listChanges'>, options: { maxPages?: number } = {}): Promise<Map<string, Ticket>> {
  const tickets = new Map<string, Ticket>();
  let cursor: SyncCursor | null = null;
  for (let pages = 1; ; pages++) {
    const page = await connector.listChanges(cursor);
    for (const ticket of page.tickets) tickets.set(ticket.id, ticket);
    cursor = page.cursor;
    if (!page.hasMore || pages >= (options.maxPages ?? 1000)) return tickets;
  }
}

/** One HTTP call a connector made, as `recordingFetch` saw it. */
export interface RecordedCall {
  method: string;
  path: string;
  status: number;
  /** Freshdesk's `X-Ratelimit-Used-CurrentRequest` (credits this call cost); 1 where the helpdesk does not say. */
  credits: number;
}

/** A `fetch` that records every call into `calls`: what benchmarks and tests count. */
export function recordingFetch(calls: RecordedCall[], inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    const used = response.headers.get('x-ratelimit-used-currentrequest');
    calls.push({ method: init?.method ?? 'GET', path: new URL(String(input)).pathname, status: response.status, credits: used === null ? 1 : Number(used) });
    return response;
  };
}

/** A budget a benchmark tallies: which calls draw on it, and how much it allows a minute. */
export interface BudgetSpec {
  name: string;
  perMinute: number;
  /** Whether a call draws on it. Default: every call. */
  matches?: (call: RecordedCall) => boolean;
  /** Credits (Freshdesk) rather than calls. Default false. */
  isCredits?: boolean;
}

/** One backfill run as `pnpm bench` reports it. */
export interface BackfillRunResult {
  name: string;
  requests: number;
  credits: number;
  /** Spent per budget, with the budget's size a minute: what a projection divides by. */
  budgets: Array<{ name: string; spent: number; perMinute: number }>;
  simulatedMinutes: number;
  rateLimited: number;
  tickets: number;
  messages: number;
  threadReads: number;
  customerReads: number;
}

export function backfillRunResult(input: { name: string; counts: BackfillCounts; calls: readonly RecordedCall[]; elapsedMs: number; budgets: readonly BudgetSpec[] }): BackfillRunResult {
  const { counts, calls } = input;
  return {
    name: input.name,
    requests: calls.length,
    credits: calls.reduce((sum, call) => sum + call.credits, 0),
    budgets: input.budgets.map((budget) => {
      const drawn = calls.filter((call) => budget.matches?.(call) ?? true);
      return { name: budget.name, perMinute: budget.perMinute, spent: budget.isCredits ? drawn.reduce((sum, call) => sum + call.credits, 0) : drawn.length };
    }),
    simulatedMinutes: input.elapsedMs / 60_000,
    rateLimited: calls.filter((call) => call.status === 429).length,
    tickets: counts.tickets,
    messages: counts.messages,
    threadReads: counts.threadReads,
    customerReads: counts.customerReads,
  };
}

/** The HTTP options a measured connector must take: the shared simulated clock and the recording fetch. */
export interface MeasuredHttp {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  fetch: typeof fetch;
  maxRetries: number;
}

/**
 * One backfill of a freshly started sandbox on a simulated clock that the sandbox's limits and the
 * connector's pacer share: the run takes seconds and reports the minutes a real account would take.
 */
export async function measureBackfill<S extends { close(): Promise<void> }>(input: {
  name: string;
  start: (now: () => number) => Promise<S>;
  connect: (sandbox: S, http: MeasuredHttp) => HelpdeskConnector;
  budgets: readonly BudgetSpec[];
}): Promise<BackfillRunResult> {
  const time = fakeTime();
  const sandbox = await input.start(time.now);
  try {
    const calls: RecordedCall[] = [];
    const connector = input.connect(sandbox, { now: time.now, sleep: time.sleep, fetch: recordingFetch(calls), maxRetries: 8 });
    const started = time.now();
    const counts = await backfillAll(connector);
    return backfillRunResult({ name: input.name, counts, calls, elapsedMs: time.now() - started, budgets: input.budgets });
  } finally {
    await sandbox.close();
  }
}
