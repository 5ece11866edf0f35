import { describe, expect, it } from 'vitest';
import { fakeTime } from '../testing/fake-time.js';
import { createRatePacer } from './rate-pacer.js';

describe('rate pacer', () => {
  it('lets requests through at once while the budget is ample', async () => {
    const time = fakeTime();
    const pacer = createRatePacer(time);
    for (let i = 0; i < 5; i++) {
      const ticket = await pacer.acquire([]);
      pacer.observe(ticket, { account: { limit: 100, remaining: 90 - i, resetMs: 30_000 } });
    }
    expect(time.clock.sleeps).toEqual([]);
  });

  it('spreads the last fifth of the budget over the rest of the window, then waits for the reset', async () => {
    const time = fakeTime();
    const pacer = createRatePacer(time);
    const first = await pacer.acquire([]);
    pacer.observe(first, { account: { limit: 10, remaining: 2, resetMs: 30_000 } });
    await pacer.acquire([]); // 2 left: below 20 %, spaced by 30 s / 2
    expect(time.clock.sleeps).toEqual([15_000]);
    await pacer.acquire([]); // 1 left, 15 s to the reset: spaced by 15 s
    expect(time.clock.sleeps).toEqual([15_000, 15_000]);
    await pacer.acquire([]); // nothing left: the reset
    expect(time.clock.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeGreaterThanOrEqual(30_000);
  });

  it('does not trust a reply that predates requests started since', async () => {
    const time = fakeTime();
    const pacer = createRatePacer({ ...time, slowdownBelow: 0 });
    const tickets = [];
    for (let i = 0; i < 3; i++) tickets.push(await pacer.acquire([]));
    // The first reply says 3 left, but the two requests started after it are not in that count.
    pacer.observe(tickets[0]!, { account: { limit: 10, remaining: 3, resetMs: 40_000 } });
    await pacer.acquire([]);
    expect(time.clock.sleeps).toEqual([]);
    await pacer.acquire([]);
    expect(time.clock.sleeps).toEqual([40_000]);
  });

  it('paces an endpoint by its documented limit before any reply reports it', async () => {
    const time = fakeTime();
    const pacer = createRatePacer({ ...time, slowdownBelow: 0 });
    for (let i = 0; i < 10; i++) await pacer.acquire([{ name: 'incremental-exports', limit: 10 }]);
    expect(time.clock.sleeps).toEqual([]);
    await pacer.acquire([{ name: 'incremental-exports', limit: 10 }]);
    expect(time.clock.sleeps).toEqual([60_000]);
    // Other endpoints are not held back by that one.
    await pacer.acquire([]);
    expect(time.clock.sleeps).toEqual([60_000]);
  });

  it('charges a request its cost in credits', async () => {
    const time = fakeTime();
    const pacer = createRatePacer({ ...time, slowdownBelow: 0 });
    const ticket = await pacer.acquire([]);
    pacer.observe(ticket, { account: { limit: 50, remaining: 4, resetMs: 20_000 } });
    await pacer.acquire([], 3);
    expect(time.clock.sleeps).toEqual([]);
    await pacer.acquire([], 3);
    expect(time.clock.sleeps).toEqual([20_000]);
  });

  it('holds every caller on the account for a Retry-After pause', async () => {
    // Both callers ask before either wakes: this clock stands still while they sleep.
    const sleeps: number[] = [];
    const pacer = createRatePacer({ now: () => 1_000_000, sleep: async (ms) => void sleeps.push(ms) });
    const ticket = await pacer.acquire([]);
    pacer.pause(ticket, 7_000);
    await Promise.all([pacer.acquire([]), pacer.acquire([{ name: 'update-ticket', limit: 100 }])]);
    expect(sleeps).toEqual([7_000, 7_000]);
  });
});
