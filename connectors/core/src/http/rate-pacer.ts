/**
 * Client-side pacing against a helpdesk's published request budget, so a busy connector slows
 * down before the helpdesk answers 429 rather than after.
 *
 * A budget ("bucket") is the account-wide one or an endpoint's own (Zendesk's incremental export,
 * 10 requests a minute). Each response reports what is left; requests started after the one that
 * response answers are not in its count yet, so they are subtracted again (never trusting a
 * stale, higher figure). Below `slowdownBelow` of the limit, requests are spread over what is
 * left of the window; with nothing left they wait for the reset. A 429's `Retry-After` pauses
 * every bucket the request drew on: another server may share the account and spend its budget.
 */

/** What a response says about one budget. */
export interface RateSnapshot {
  /** Requests (Freshdesk: credits) the window allows. */
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets, when the helpdesk says. */
  resetMs?: number;
}

/** A budget a request draws on; `limit` is the documented one, known before any response. */
export interface RateBucket {
  name: string;
  limit?: number;
}

/**
 * How one vendor reports its budgets. Lives in the vendor's connector (its header names), so the
 * shared client stays vendor-neutral.
 */
export interface RateLimitMapping {
  /** Endpoint budgets a request draws on besides `account`. Default none. */
  bucketsOf?(method: string, url: URL): RateBucket[];
  /** Credits a request costs (Freshdesk charges for `include`). Default 1. */
  costOf?(method: string, url: URL): number;
  /** Budgets a response reports, by bucket name; `account` is the account-wide one. */
  read(headers: Headers): Record<string, RateSnapshot>;
}

export interface RatePacerOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The window when a response does not say when it resets. Default 60 s (both vendors count per minute). */
  windowMs?: number;
  /** Below this share of the limit left, requests are spread over the rest of the window. Default 0.2. */
  slowdownBelow?: number;
}

/** A request's claim on its buckets; hand it back to `observe` with the response's headers. */
export interface RateTicket {
  readonly buckets: readonly string[];
  readonly seq: number;
}

export interface RatePacer {
  /** Waits (once) until a request drawing on `buckets` and costing `cost` may start. */
  acquire(buckets: readonly RateBucket[], cost?: number): Promise<RateTicket>;
  /** Records what a response said about the budgets. */
  observe(ticket: RateTicket, snapshots: Record<string, RateSnapshot>): void;
  /** Holds every request on these buckets for `ms` (a 429's `Retry-After`). */
  pause(ticket: RateTicket, ms: number): void;
}

interface BucketState {
  limit?: number;
  /** Our estimate of what is left; undefined until known. */
  remaining?: number;
  resetAt?: number;
  blockedUntil: number;
  lastStartAt: number;
  /** Sequence of the newest response applied; total cost started, and that total as each request started. */
  observedSeq: number;
  spent: number;
  spentAt: Map<number, number>;
}

const ACCOUNT = 'account';

export function createRatePacer(options: RatePacerOptions = {}): RatePacer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const windowMs = options.windowMs ?? 60_000;
  const slowdownBelow = options.slowdownBelow ?? 0.2;
  const buckets = new Map<string, BucketState>();
  let seq = 0;

  const stateOf = (bucket: RateBucket): BucketState => {
    let state = buckets.get(bucket.name);
    if (!state) {
      state = { blockedUntil: 0, lastStartAt: -Infinity, observedSeq: -1, spent: 0, spentAt: new Map() };
      if (bucket.limit !== undefined) Object.assign(state, { limit: bucket.limit, remaining: bucket.limit, resetAt: now() + windowMs });
      buckets.set(bucket.name, state);
    }
    return state;
  };

  const refill = (state: BucketState, at: number) => {
    if (state.resetAt !== undefined && at >= state.resetAt && state.limit !== undefined) {
      state.remaining = state.limit;
      state.resetAt = at + windowMs;
    }
  };

  /** How long a request costing `cost` must wait on this bucket now. */
  const waitFor = (state: BucketState, cost: number, at: number): number => {
    let wait = Math.max(0, state.blockedUntil - at);
    if (state.remaining === undefined || state.limit === undefined || state.resetAt === undefined) return wait;
    const untilReset = Math.max(0, state.resetAt - at);
    if (state.remaining < cost) return Math.max(wait, untilReset);
    if (state.remaining - cost < state.limit * slowdownBelow) {
      // Spread what is left evenly over the rest of the window.
      const spacing = untilReset / Math.max(1, state.remaining / cost);
      wait = Math.max(wait, state.lastStartAt + spacing - at);
    }
    return wait;
  };

  return {
    async acquire(requested, cost = 1) {
      const all = [{ name: ACCOUNT }, ...requested];
      const states = all.map(stateOf);
      // Bounded: a waiter that wakes to find the budget taken by others waits again.
      for (let round = 0; round < 1000; round++) {
        const before = now();
        for (const state of states) refill(state, before);
        const wait = Math.max(0, ...states.map((state) => waitFor(state, cost, before)));
        if (wait <= 0) break;
        await sleep(wait);
        if (now() >= before + wait) continue;
        // The clock did not move with the sleep (a test's recording sleep): trust the sleep, since
        // re-reading that clock would wait forever. A window waited out has reset.
        const after = before + wait;
        for (const state of states) {
          refill(state, after);
          if (state.blockedUntil <= after) state.blockedUntil = 0;
          if (state.remaining !== undefined && state.remaining < cost && state.limit !== undefined) {
            state.remaining = state.limit;
            state.resetAt = after + windowMs;
          }
        }
        break;
      }
      const ticket: RateTicket = { buckets: all.map((bucket) => bucket.name), seq: ++seq };
      const startedAt = now();
      for (const state of states) {
        if (state.remaining !== undefined) state.remaining -= cost;
        state.spent += cost;
        state.spentAt.set(ticket.seq, state.spent);
        state.lastStartAt = startedAt;
      }
      return ticket;
    },

    observe(ticket, snapshots) {
      for (const [name, snapshot] of Object.entries(snapshots)) {
        const state = stateOf({ name });
        const spentThrough = state.spentAt.get(ticket.seq);
        state.spentAt.delete(ticket.seq);
        if (ticket.seq < state.observedSeq) continue;
        state.observedSeq = ticket.seq;
        // Requests started after this one are not in the helpdesk's count yet.
        const unseen = spentThrough === undefined ? 0 : Math.max(0, state.spent - spentThrough);
        state.limit = snapshot.limit;
        state.remaining = Math.max(0, snapshot.remaining - unseen);
        const at = now();
        if (snapshot.resetMs !== undefined) state.resetAt = at + snapshot.resetMs;
        else if (state.resetAt === undefined || state.resetAt <= at) state.resetAt = at + windowMs;
      }
      for (const name of ticket.buckets) if (!(name in snapshots)) buckets.get(name)?.spentAt.delete(ticket.seq);
    },

    pause(ticket, ms) {
      const until = now() + ms;
      for (const name of ticket.buckets) {
        const state = buckets.get(name);
        if (state) state.blockedUntil = Math.max(state.blockedUntil, until);
      }
    },
  };
}
