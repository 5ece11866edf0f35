/**
 * A fixed per-window request budget, as both helpdesks count theirs (per minute, Zendesk's
 * per-ticket update limit per 10 minutes). Sandboxes use it to answer with budgets that count
 * down and reset, on the clock they are given.
 */
export interface RateWindow {
  /** Spends `cost` if it fits; either way says what is left and when the window resets. */
  take(cost?: number): RateWindowState;
  /** What is left without spending. */
  peek(): RateWindowState;
  reset(): void;
}

export interface RateWindowState {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Whole seconds until the window resets (at least 1), as `Retry-After` and `resets=` give it. */
  resetSeconds: number;
}

export function createRateWindow(options: { limit: number; windowMs?: number; now?: () => number }): RateWindow {
  const now = options.now ?? Date.now;
  const windowMs = options.windowMs ?? 60_000;
  let windowStart = now();
  let used = 0;
  const roll = () => {
    const at = now();
    if (at - windowStart >= windowMs) {
      // Windows are aligned to the first one, as a fixed-window counter is.
      windowStart += Math.floor((at - windowStart) / windowMs) * windowMs;
      used = 0;
    }
    return at;
  };
  const state = (allowed: boolean, at: number): RateWindowState => ({
    allowed,
    limit: options.limit,
    remaining: Math.max(0, options.limit - used),
    resetSeconds: Math.max(1, Math.ceil((windowStart + windowMs - at) / 1000)),
  });
  return {
    take(cost = 1) {
      const at = roll();
      if (used + cost > options.limit) return state(false, at);
      used += cost;
      return state(true, at);
    },
    peek: () => state(true, roll()),
    reset() {
      windowStart = now();
      used = 0;
    },
  };
}
