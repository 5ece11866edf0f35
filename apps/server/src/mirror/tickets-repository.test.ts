import { describe, expect, it } from 'vitest';
import { CLOCK_LEEWAY_MS, isMirrorCurrent } from './tickets-repository.js';

const stamp = '2024-04-17T17:18:10Z';
const at = (iso: string, plusMs = 0) => new Date(Date.parse(iso) + plusMs);

describe('isMirrorCurrent', () => {
  it('trusts a copy with the same updated_at read after that second was over', () => {
    expect(isMirrorCurrent({ updatedAt: at(stamp), syncedAt: at(stamp, 1000 + CLOCK_LEEWAY_MS), isArchived: false }, { updatedAt: stamp, isArchived: false })).toBe(true);
  });

  it('reads again when the copy was read in the second of its updated_at: a second change may share the stamp', () => {
    expect(isMirrorCurrent({ updatedAt: at(stamp), syncedAt: at(stamp, 400), isArchived: false }, { updatedAt: stamp, isArchived: false })).toBe(false);
    expect(isMirrorCurrent({ updatedAt: at(stamp), syncedAt: at(stamp, 1000 + CLOCK_LEEWAY_MS - 1), isArchived: false }, { updatedAt: stamp, isArchived: false })).toBe(false);
  });

  it('reads again when the helpdesk has a newer updated_at', () => {
    expect(isMirrorCurrent({ updatedAt: at(stamp), syncedAt: at(stamp, 60_000), isArchived: false }, { updatedAt: '2024-04-17T17:18:11Z', isArchived: false })).toBe(false);
  });

  it('reads again when the ticket went to the archive without a new updated_at', () => {
    expect(isMirrorCurrent({ updatedAt: at(stamp), syncedAt: at(stamp, 60_000), isArchived: false }, { updatedAt: stamp, isArchived: true })).toBe(false);
  });

  it('reads again when the helpdesk sends no readable updated_at', () => {
    expect(isMirrorCurrent({ updatedAt: at(stamp), syncedAt: at(stamp, 60_000), isArchived: false }, { updatedAt: 'yesterday', isArchived: false })).toBe(false);
  });
});
