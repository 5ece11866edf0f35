import { describe, expect, it } from 'vitest';
import { filtersFromSearch, rangeProblem, searchFromFilters } from './activity-filters.js';

describe('the activity filters in the query string', () => {
  it('reads what it knows, drops what it does not, and writes back only what is set', () => {
    const filters = filtersFromSearch('?tab=jobs&status=failed&action=shout&from=2026-12-01&to=tomorrow');
    expect(filters).toEqual({ tab: 'jobs', channel: '', action: '', from: '2026-12-01', to: '', status: 'failed' });
    expect(searchFromFilters(filters)).toBe('?tab=jobs&from=2026-12-01&status=failed');
    expect(searchFromFilters(filtersFromSearch(''))).toBe('');
  });

  it('refuses a range that ends before it starts', () => {
    expect(rangeProblem({ from: '2026-12-05', to: '2026-12-01' })).toMatch(/after/);
    expect(rangeProblem({ from: '2026-12-01', to: '2026-12-01' })).toBeNull();
  });
});
