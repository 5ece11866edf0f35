import { describe, expect, it } from 'vitest';
import type { BackfillRunResult } from '@threadline/connector-core/testing';
import { project } from './backfill.js';

const run = (budgets: BackfillRunResult['budgets'], requests: number): BackfillRunResult => ({
  name: 'run',
  requests,
  credits: requests,
  budgets,
  simulatedMinutes: 2,
  rateLimited: 0,
  tickets: 1000,
  messages: 20_000,
  threadReads: 0,
  customerReads: 0,
});

describe('the 100k-ticket projection of a backfill', () => {
  it('scales requests and takes the minutes of the budget that runs out first', () => {
    // 22 export requests of 22 in all: the 10-a-minute export budget, not the account's 400, bounds it.
    const events = run([{ name: 'account', spent: 22, perMinute: 400 }, { name: 'incremental exports', spent: 22, perMinute: 10 }], 22);
    expect(project(events, 1000, 100_000)).toEqual({ requests: 2200, minutes: 220, bound: 'incremental exports 10/min' });
    // 1,010 requests, 10 of them exports: the account's budget bounds it.
    const comments = run([{ name: 'account', spent: 1010, perMinute: 400 }, { name: 'incremental exports', spent: 10, perMinute: 10 }], 1010);
    expect(project(comments, 1000, 100_000)).toEqual({ requests: 101_000, minutes: 252.5, bound: 'account 400/min' });
  });
});
